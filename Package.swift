// swift-tools-version:6.2
// Busbar — an OCPP 2.0.1 CSMS with a grid-aware energy manager. GPL-3.0-or-later.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "busbar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "busbar", targets: ["BusbarCLI"]),
        .executable(name: "busbar-bench", targets: ["BusbarBench"]),
        .executable(name: "busbar-codegen", targets: ["BusbarCodegen"]),
        .executable(name: "busbar-codec-bench", targets: ["BusbarCodecBench"]),
        .executable(name: "busbar-store-bench", targets: ["BusbarStoreBench"]),
        .executable(name: "busbar-energy-bench", targets: ["BusbarEnergyBench"]),
        .library(name: "OCPP", targets: ["OCPP"]),
        .library(name: "BusbarSimulator", targets: ["BusbarSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // MARK: protocol — OCPP 2.0.1 messages, RPC framing and validation; no I/O.
        .target(
            name: "OCPP",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "BusbarCodegen",
            swiftSettings: swiftSettings
        ),

        // MARK: storage — protocols and the SQLite (GRDB) backend.
        .target(
            name: "BusbarStorage",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: domain — the CSMS use cases, domain events, CSMS→station requests.
        .target(
            name: "BusbarCSMS",
            dependencies: [
                "OCPP",
                "BusbarStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: energy — site capacity model, GLPK allocation, exact check, replay; pure, no sockets.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        .target(
            name: "BusbarEnergy",
            dependencies: ["CGLPK", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),

        // MARK: transport and HTTP API.
        .target(
            name: "BusbarServer",
            dependencies: [
                "OCPP",
                "BusbarStorage",
                "BusbarCSMS",
                "BusbarEnergy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSCompression", package: "hummingbird-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: testing — a charging-station simulator speaking OCPP-J over real sockets.
        .target(
            name: "BusbarSimulator",
            dependencies: [
                "OCPP",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSCompression", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: executables.
        .executableTarget(
            name: "BusbarCLI",
            dependencies: [
                "OCPP",
                "BusbarStorage",
                "BusbarCSMS",
                "BusbarServer",
                "BusbarSimulator",
                "BusbarEnergy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "BusbarBench",
            dependencies: [
                "OCPP",
                "BusbarSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Payload decode/encode timing (not a test): OCPP only, so a release build of it is quick.
        .executableTarget(
            name: "BusbarCodecBench",
            dependencies: ["OCPP"],
            swiftSettings: swiftSettings
        ),

        // Energy-manager plan time (not a test): BusbarEnergy only.
        .executableTarget(
            name: "BusbarEnergyBench",
            dependencies: ["BusbarEnergy", "CGLPK", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        // Storage write cost without sockets (not a test).
        .executableTarget(
            name: "BusbarStoreBench",
            dependencies: ["BusbarStorage"],
            swiftSettings: swiftSettings
        ),

        // MARK: tests.
        .testTarget(
            name: "OCPPTests",
            dependencies: ["OCPP"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BusbarStorageTests",
            dependencies: ["BusbarStorage", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BusbarEnergyTests",
            dependencies: ["BusbarEnergy", "CGLPK"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BusbarServerTests",
            dependencies: [
                "OCPP",
                "BusbarStorage",
                "BusbarCSMS",
                "BusbarServer",
                "BusbarSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
