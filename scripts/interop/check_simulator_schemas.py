#!/usr/bin/env python3
"""Mock CSMS that sends every CSMS->station action to one connecting station and checks each answer
against the official OCPP 2.0.1 JSON schemas (and every station request too).

Why: proves the simulator's default answers are schema-valid without needing the Busbar server.
Usage: python3 scripts/interop/check_simulator_schemas.py &  then
       .build/debug/busbar-bench demo --url ws://127.0.0.1:9902/ocpp --transactions 1 --meter-interval 4
Prints "FAILURES 0" on success. Needs: pip install jsonschema websockets
"""
import asyncio, json, sys, glob, os
import jsonschema
from websockets.asyncio.server import serve
SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Schemas", "ocpp-2.0.1")
def schema(name): return json.load(open(os.path.join(SCHEMAS, name + ".json")))
C = {"name": "OCPPCommCtrlr"}; V = {"name": "HeartbeatInterval"}
REQ = {
 "CancelReservation": {"reservationId": 1},
 "CertificateSigned": {"certificateChain": "x"},
 "ChangeAvailability": {"operationalStatus": "Inoperative", "evse": {"id": 2}},
 "ClearCache": {}, "ClearChargingProfile": {}, "ClearDisplayMessage": {"id": 1},
 "ClearVariableMonitoring": {"id": [1, 2]}, "CostUpdated": {"totalCost": 1.5, "transactionId": "t"},
 "CustomerInformation": {"requestId": 1, "report": True, "clear": False},
 "DataTransfer": {"vendorId": "v"}, "DeleteCertificate": {"certificateHashData": {"hashAlgorithm": "SHA256", "issuerNameHash": "a", "issuerKeyHash": "b", "serialNumber": "c"}},
 "GetBaseReport": {"requestId": 1, "reportBase": "ConfigurationInventory"},
 "GetChargingProfiles": {"requestId": 1, "chargingProfile": {"chargingProfilePurpose": "TxProfile"}},
 "GetCompositeSchedule": {"duration": 3600, "evseId": 1, "chargingRateUnit": "W"},
 "GetDisplayMessages": {"requestId": 1}, "GetInstalledCertificateIds": {},
 "GetLocalListVersion": {}, "GetLog": {"log": {"remoteLocation": "https://x"}, "logType": "DiagnosticsLog", "requestId": 1},
 "GetMonitoringReport": {"requestId": 1}, "GetReport": {"requestId": 2, "componentVariable": [{"component": {"name": "TxCtrlr"}}]},
 "GetTransactionStatus": {"transactionId": "nope"},
 "GetVariables": {"getVariableData": [{"component": C, "variable": V}, {"component": C, "variable": V, "attributeType": "Target"}, {"component": {"name": "X"}, "variable": V}, {"component": C, "variable": {"name": "Nope"}}]},
 "InstallCertificate": {"certificateType": "CSMSRootCertificate", "certificate": "x"},
 "PublishFirmware": {"location": "https://x", "checksum": "abc", "requestId": 1},
 "RequestStartTransaction": {"idToken": {"idToken": "R1", "type": "Central"}, "remoteStartId": 5},
 "RequestStopTransaction": {"transactionId": "unknown"},
 "ReserveNow": {"id": 1, "expiryDateTime": "2030-01-01T00:00:00Z", "idToken": {"idToken": "R1", "type": "Central"}},
 "Reset": {"type": "OnIdle"}, "SendLocalList": {"versionNumber": 3, "updateType": "Full"},
 "SetChargingProfile": {"evseId": 1, "chargingProfile": {"id": 9, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute", "chargingSchedule": [{"id": 1, "chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 10}]}]}},
 "SetDisplayMessage": {"message": {"id": 1, "priority": "NormalCycle", "message": {"format": "UTF8", "content": "hi"}}},
 "SetMonitoringBase": {"monitoringBase": "All"}, "SetMonitoringLevel": {"severity": 5},
 "SetNetworkProfile": {"configurationSlot": 1, "connectionData": {"ocppVersion": "OCPP20", "ocppTransport": "JSON", "ocppCsmsUrl": "ws://x", "messageTimeout": 30, "securityProfile": 1, "ocppInterface": "Wired0"}},
 "SetVariableMonitoring": {"setMonitoringData": [{"value": 1, "type": "Delta", "severity": 5, "component": C, "variable": V}]},
 "SetVariables": {"setVariableData": [{"attributeValue": "120", "component": C, "variable": V}, {"attributeValue": "abc", "component": C, "variable": V}, {"attributeValue": "1", "component": {"name": "SecurityCtrlr"}, "variable": {"name": "SecurityProfile"}}]},
 "TriggerMessage": {"requestedMessage": "MeterValues"},
 "UnlockConnector": {"evseId": 1, "connectorId": 1}, "UnpublishFirmware": {"checksum": "abc"},
 "UpdateFirmware": {"requestId": 1, "firmware": {"location": "https://x", "retrieveDateTime": "2030-01-01T00:00:00Z"}},
}
failures = 0
async def handler(ws):
    global failures
    pending = {}
    async def reader():
        global failures
        async for raw in ws:
            m = json.loads(raw)
            if m[0] == 2:
                try: jsonschema.validate(m[3], schema(m[2] + "Request"))
                except jsonschema.ValidationError as e: failures += 1; print("STATION REQUEST INVALID", m[2], e.message)
                resp = {"BootNotification": {"currentTime": "2030-01-01T00:00:00Z", "interval": 300, "status": "Accepted"}}.get(m[2], {})
                if m[2] == "Heartbeat": resp = {"currentTime": "2030-01-01T00:00:00Z"}
                if m[2] == "Authorize": resp = {"idTokenInfo": {"status": "Accepted"}}
                await ws.send(json.dumps([3, m[1], resp]))
            else:
                f = pending.pop(m[1], None)
                if f: f.set_result(m)
    task = asyncio.create_task(reader())
    await asyncio.sleep(0.5)
    for i, (action, payload) in enumerate(REQ.items()):
        jsonschema.validate(payload, schema(action + "Request"))
        fut = asyncio.get_running_loop().create_future(); pending[str(i)] = fut
        await ws.send(json.dumps([2, str(i), action, payload]))
        m = await asyncio.wait_for(fut, 5)
        if m[0] != 3: print("CALLERROR", action, m); failures += 1; continue
        try:
            jsonschema.validate(m[2], schema(action + "Response")); print("ok", action, json.dumps(m[2])[:150])
        except jsonschema.ValidationError as e:
            failures += 1; print("INVALID", action, e.message, m[2])
    await asyncio.sleep(1.0)
    print("FAILURES", failures, flush=True)
async def main():
    async with serve(handler, "127.0.0.1", 9902, subprotocols=["ocpp2.0.1"]):
        await asyncio.sleep(40)
asyncio.run(main())
