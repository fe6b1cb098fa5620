import BusbarStorage
import Foundation
import OCPP

/// Flattens OCPP meter values into one storage row per sampled value, with the unit multiplier
/// applied so that stored values are in the unit's base (Wh, W, A, V, %).
enum MeterValueRecords {
    static func make(stationId: String, transactionId: String?, evseId: Int?, meterValues: [MeterValueType]) -> [MeterValueRecord] {
        meterValues.flatMap { meterValue in
            meterValue.sampledValue.map { sample in
                let multiplier = sample.unitOfMeasure?.multiplier ?? 0
                let scale = multiplier == 0 ? 1 : pow(10, Double(multiplier))
                return MeterValueRecord(
                    stationId: stationId,
                    transactionId: transactionId,
                    evseId: evseId,
                    timestamp: meterValue.timestamp,
                    measurand: (sample.measurand ?? .energyActiveImportRegister).rawValue,
                    phase: sample.phase?.rawValue,
                    unit: sample.unitOfMeasure?.unit ?? "Wh",  // OCPP default unit (UnitOfMeasureType)
                    context: (sample.context ?? .samplePeriodic).rawValue,
                    location: (sample.location ?? .outlet).rawValue,
                    value: sample.value * scale,
                    signedData: sample.signedMeterValue.map { $0.signedMeterData })
            }
        }
    }
}
