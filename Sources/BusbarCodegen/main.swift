// busbar-codegen: generates Sources/OCPP/Generated from the official OCPP 2.0.1 JSON schemas.
//
//   swift run busbar-codegen Schemas/ocpp-2.0.1 Sources/OCPP/Generated     (what `make generate` runs)

import Foundation

do {
    let arguments = CommandLine.arguments.dropFirst()
    guard arguments.count == 2 else { throw CodegenError.usage }
    let report = try Generator(
        schemasDirectory: URL(fileURLWithPath: arguments.first!),
        outputDirectory: URL(fileURLWithPath: arguments.last!)
    ).run()
    print(report)
} catch {
    FileHandle.standardError.write(Data("busbar-codegen: \(error)\n".utf8))
    exit(1)
}
