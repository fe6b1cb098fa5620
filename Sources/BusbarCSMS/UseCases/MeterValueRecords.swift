import BusbarStorage
import Foundation
import OCPP

/// Flattens OCPP meter values into one storage row per sampled value, each kept exactly as
/// received: the value and the unit's multiplier stay apart (see `MeterValueRecord.value`).
enum MeterValueRecords {
    static func make(stationId: String, transactionId: String?, evseId: Int?, meterValues: [MeterValueType]) -> [MeterValueRecord] {
        meterValues.flatMap { meterValue in
            meterValue.sampledValue.map { sample in
                MeterValueRecord(
                    stationId: stationId,
                    transactionId: transactionId,
                    evseId: evseId,
                    timestamp: meterValue.timestamp,
                    measurand: (sample.measurand ?? .energyActiveImportRegister).rawValue,
                    phase: sample.phase?.rawValue,
                    unit: sample.unitOfMeasure?.unit ?? "Wh",  // OCPP default unit (UnitOfMeasureType)
                    context: (sample.context ?? .samplePeriodic).rawValue,
                    location: (sample.location ?? .outlet).rawValue,
                    value: sample.value,
                    multiplier: sample.unitOfMeasure?.multiplier ?? 0,
                    signedData: sample.signedMeterValue.map { $0.signedMeterData })
            }
        }
    }
}
