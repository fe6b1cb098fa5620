#!/usr/bin/env python3
"""Interop check: a charging station built on the PyPI `ocpp` library (v201) against Busbar.

Why: our own simulator shares the OCPP module with the server, so a bug in that module would
hide on both sides. A station written by someone else proves the wire format.

Written against ocpp 2.1.0 and websockets >= 14 (the asyncio `websockets.connect` API).
Exit status 0 means every step passed; each step prints one line.
"""

import argparse
import asyncio
import base64
import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

try:
    import websockets
    from ocpp.routing import on
    from ocpp.v201 import ChargePoint as BaseChargePoint
    from ocpp.v201 import call, call_result, datatypes, enums
except ImportError as error:  # pragma: no cover - guidance for a fresh machine
    print(f"missing dependency ({error}); run scripts/interop/run.sh, or: pip install 'ocpp==2.1.0' websockets")
    sys.exit(2)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def step(text: str) -> None:
    print(f"[python-station] {text}", flush=True)


class Failure(Exception):
    """A step that did not give the answer OCPP 2.0.1 requires."""


def api_request(api: str, method: str, path: str, body: dict | None = None, accept=(200, 201)) -> tuple[int, object]:
    """Blocking call to Busbar's operator API; run it in a thread from async code."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    # A Busbar with API keys wants one on every /api/v1 call (`busbar keys add --role operator`).
    if os.environ.get("BUSBAR_API_KEY"):
        headers["Authorization"] = "Bearer " + os.environ["BUSBAR_API_KEY"]
    request = urllib.request.Request(api + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except urllib.error.URLError as error:
        raise Failure(f"{method} {api}{path}: cannot reach the Busbar API ({error.reason}); is `busbar serve --api-port` running?")
    if status not in accept:
        raise Failure(f"{method} {api}{path} answered HTTP {status}: {raw[:300]!r}")
    try:
        return status, json.loads(raw) if raw else None
    except json.JSONDecodeError:
        return status, raw.decode(errors="replace")


class PythonStation(BaseChargePoint):
    """A station that answers the CSMS calls this check triggers and records them."""

    def __init__(self, station_id, connection):
        super().__init__(station_id, connection, response_timeout=30)
        self.answered: dict[str, asyncio.Event] = {"GetVariables": asyncio.Event(), "Reset": asyncio.Event()}

    @on(enums.Action.get_variables)
    def on_get_variables(self, get_variable_data, **kwargs):
        step(f"received GetVariables for {len(get_variable_data)} variable(s)")
        results = []
        for item in get_variable_data:
            component, variable = item["component"], item["variable"]
            known = {("OCPPCommCtrlr", "HeartbeatInterval"): "300", ("SecurityCtrlr", "SecurityProfile"): "1"}
            value = known.get((component.get("name"), variable.get("name")))
            results.append(
                datatypes.GetVariableResultType(
                    attribute_status=enums.GetVariableStatusEnumType.accepted if value is not None
                    else enums.GetVariableStatusEnumType.unknown_variable,
                    component=datatypes.ComponentType(name=component["name"]),
                    variable=datatypes.VariableType(name=variable["name"]),
                    attribute_value=value,
                )
            )
        self.answered["GetVariables"].set()
        return call_result.GetVariables(get_variable_result=results)

    @on(enums.Action.reset)
    def on_reset(self, type, **kwargs):
        step(f"received Reset type={type}; answering Accepted")
        self.answered["Reset"].set()
        return call_result.Reset(status=enums.ResetStatusEnumType.accepted)


async def run(args) -> None:
    api = args.api.rstrip("/")
    if args.register:
        status, _ = await asyncio.to_thread(
            api_request, api, "POST", "/api/v1/stations",
            {"id": args.station_id, "password": args.password, "securityProfile": 1}, (201, 409))
        step(f"registered station {args.station_id} (HTTP {status})")
        status, _ = await asyncio.to_thread(
            api_request, api, "POST", "/api/v1/id-tokens",
            {"idToken": args.id_token, "type": "ISO14443", "status": "Accepted"}, (201, 409))
        step(f"registered idToken {args.id_token} (HTTP {status})")

    url = f"{args.url.rstrip('/')}/{args.station_id}"
    credentials = base64.b64encode(f"{args.station_id}:{args.password}".encode()).decode()
    async with websockets.connect(
        url,
        subprotocols=["ocpp2.0.1"],
        additional_headers={"Authorization": f"Basic {credentials}"},
        open_timeout=10,
    ) as ws:
        if ws.subprotocol != "ocpp2.0.1":
            raise Failure(f"server selected subprotocol {ws.subprotocol!r}, expected 'ocpp2.0.1'")
        step(f"connected to {url}, subprotocol {ws.subprotocol}")
        station = PythonStation(args.station_id, ws)
        reader = asyncio.create_task(station.start())
        try:
            await exercise(station, args, api)
        finally:
            reader.cancel()


async def exercise(station: PythonStation, args, api: str) -> None:
    boot = await station.call(
        call.BootNotification(
            charging_station=datatypes.ChargingStationType(
                vendor_name="PyOCPP", model="InteropCheck", serial_number="PY-0001", firmware_version="2.1.0"),
            reason=enums.BootReasonEnumType.power_up),
        suppress=False)
    if boot.status != enums.RegistrationStatusEnumType.accepted:
        raise Failure(f"BootNotification answered {boot.status}, expected Accepted")
    step(f"BootNotification Accepted, interval {boot.interval}s, currentTime {boot.current_time}")

    await station.call(call.StatusNotification(
        timestamp=now(), connector_status=enums.ConnectorStatusEnumType.available, evse_id=1, connector_id=1),
        suppress=False)
    step("StatusNotification Available acknowledged")

    heartbeat = await station.call(call.Heartbeat(), suppress=False)
    step(f"Heartbeat answered currentTime {heartbeat.current_time}")

    token = datatypes.IdTokenType(id_token=args.id_token, type=enums.IdTokenEnumType.iso14443)
    authorized = await station.call(call.Authorize(id_token=token), suppress=False)
    token_status = authorized.id_token_info["status"]
    if token_status != "Accepted":
        raise Failure(f"Authorize {args.id_token} answered {token_status}, expected Accepted "
                      "(register the token with --register or POST /api/v1/id-tokens)")
    step(f"Authorize {args.id_token}: {token_status}")

    transaction_id = str(uuid.uuid4())
    evse = datatypes.EVSEType(id=1, connector_id=1)

    def energy(wh: float, context: enums.ReadingContextEnumType) -> list:
        return [datatypes.MeterValueType(timestamp=now(), sampled_value=[
            datatypes.SampledValueType(value=wh, context=context,
                                       measurand=enums.MeasurandEnumType.energy_active_import_register,
                                       unit_of_measure=datatypes.UnitOfMeasureType(unit="Wh"))])]

    started = await station.call(call.TransactionEvent(
        event_type=enums.TransactionEventEnumType.started, timestamp=now(),
        trigger_reason=enums.TriggerReasonEnumType.authorized, seq_no=0,
        transaction_info=datatypes.TransactionType(transaction_id=transaction_id,
                                                   charging_state=enums.ChargingStateEnumType.charging),
        evse=evse, id_token=token,
        meter_value=energy(1000.0, enums.ReadingContextEnumType.transaction_begin)), suppress=False)
    if started.id_token_info is not None and started.id_token_info.get("status") != "Accepted":
        raise Failure(f"TransactionEvent Started: idTokenInfo.status {started.id_token_info.get('status')}")
    step(f"TransactionEvent Started {transaction_id} acknowledged")

    await station.call(call.TransactionEvent(
        event_type=enums.TransactionEventEnumType.updated, timestamp=now(),
        trigger_reason=enums.TriggerReasonEnumType.meter_value_periodic, seq_no=1,
        transaction_info=datatypes.TransactionType(transaction_id=transaction_id,
                                                   charging_state=enums.ChargingStateEnumType.charging),
        meter_value=[datatypes.MeterValueType(timestamp=now(), sampled_value=[
            datatypes.SampledValueType(value=1750.0, context=enums.ReadingContextEnumType.sample_periodic,
                                       measurand=enums.MeasurandEnumType.energy_active_import_register),
            datatypes.SampledValueType(value=7200.0, context=enums.ReadingContextEnumType.sample_periodic,
                                       measurand=enums.MeasurandEnumType.power_active_import),
            datatypes.SampledValueType(value=32.0, context=enums.ReadingContextEnumType.sample_periodic,
                                       measurand=enums.MeasurandEnumType.current_import,
                                       phase=enums.PhaseEnumType.l1),
        ])]), suppress=False)
    step("TransactionEvent Updated with meter values acknowledged")

    # The CSMS calls us while our own calls may be in flight: ask the API to send GetVariables and Reset.
    get_variables = {"getVariableData": [
        {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]}
    _, answer = await asyncio.to_thread(
        api_request, api, "POST", f"/api/v1/stations/{args.station_id}/requests/GetVariables", get_variables)
    results = (answer or {}).get("getVariableResult") if isinstance(answer, dict) else None
    if not results or results[0].get("attributeValue") != "300":
        raise Failure(f"API relay of GetVariables returned {answer!r}, expected attributeValue '300'")
    step("CSMS GetVariables round trip through the API: OK")

    await station.call(call.TransactionEvent(
        event_type=enums.TransactionEventEnumType.ended, timestamp=now(),
        trigger_reason=enums.TriggerReasonEnumType.stop_authorized, seq_no=2,
        transaction_info=datatypes.TransactionType(transaction_id=transaction_id,
                                                   charging_state=enums.ChargingStateEnumType.idle,
                                                   stopped_reason=enums.ReasonEnumType.local),
        id_token=token,
        meter_value=energy(2500.0, enums.ReadingContextEnumType.transaction_end)), suppress=False)
    step("TransactionEvent Ended acknowledged")

    _, answer = await asyncio.to_thread(
        api_request, api, "POST", f"/api/v1/stations/{args.station_id}/requests/Reset", {"type": "OnIdle"})
    if not isinstance(answer, dict) or answer.get("status") != "Accepted":
        raise Failure(f"API relay of Reset returned {answer!r}, expected status Accepted")
    step("CSMS Reset round trip through the API: OK")

    for action, event in station.answered.items():
        if not event.is_set():
            raise Failure(f"the CSMS never sent {action} to the station")

    _, transactions = await asyncio.to_thread(
        api_request, api, "GET", f"/api/v1/transactions?stationId={args.station_id}")
    if transaction_id not in json.dumps(transactions):
        raise Failure(f"GET /api/v1/transactions does not list transaction {transaction_id}")
    step(f"transaction {transaction_id} listed by the API")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="ws://127.0.0.1:9000/ocpp", help="OCPP endpoint without the station id")
    parser.add_argument("--api", default="http://127.0.0.1:8080", help="Busbar operator API base URL")
    parser.add_argument("--station-id", default="PY-INTEROP-1")
    parser.add_argument("--password", default="interop-password-0001")
    parser.add_argument("--id-token", default="PYTOKEN01")
    parser.add_argument("--no-register", dest="register", action="store_false",
                        help="skip creating the station and token through the API")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for the whole check")
    args = parser.parse_args()
    for target in (args.url, args.api):
        host = target.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost", "[::1]"):
            print(f"refusing non-local target {target}: this check only talks to a Busbar on this machine")
            return 2
    try:
        asyncio.run(asyncio.wait_for(run(args), timeout=args.timeout))
    except Failure as failure:
        step(f"FAILED: {failure}")
        return 1
    except asyncio.TimeoutError:
        step(f"FAILED: no result within {args.timeout}s (a call got no answer; see the last step above)")
        return 1
    except Exception as error:  # the library's CallError exceptions, connection errors
        step(f"FAILED: {type(error).__name__}: {error}")
        return 1
    step("all steps passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
