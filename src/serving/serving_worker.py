"""Millrace scoring worker: loads one MLflow model with mlflow.pyfunc and answers scoring batches.

Started by src/serving/worker-process.ts as `python serving_worker.py <model folder>`. The protocol runs over
stdin/stdout with length-prefixed binary frames (little-endian):

  frame     = u32 length, payload
  handshake = the first frame from the worker: a JSON document
              {"ok": true, "mlflow": version, "pid": n, "inputs": [{"name", "type", "required"}] | null}
              or {"ok": false, "message": "..."} when the model cannot be loaded
  request   = u32 count, then per item: u32 id, u16 len + content type, u32 len + body
  response  = u32 count, then per item: u32 id, u16 status, u16 len + mimetype, u32 len + body

Each item is scored exactly as MLflow's own scoring server does it (`mlflow.pyfunc.scoring_server.invocations`,
with its MlflowException -> error JSON mapping), so replies match `mlflow models serve` byte for byte. A batch of
several plain DataFrame requests is scored with one `predict` call and the predictions are split back per
request: JSON requests of one shape (`dataframe_split` with the same columns, or `dataframe_records` with the
same keys) are joined into one such document and parsed once by MLflow's parser; others (CSV, mixed shapes) are
parsed one by one and their DataFrames concatenated. If the joint parse or `predict` fails, every item is scored
on its own so errors stay per request.
"""

import io
import json
import os
import struct
import sys
import traceback

# The protocol owns the real stdout; anything the model prints goes to stderr.
_proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
os.dup2(2, 1)
sys.stdout = sys.stderr
_proto_in = os.fdopen(os.dup(0), "rb", buffering=0)


def _read_exact(n):
    chunks = []
    while n > 0:
        chunk = _proto_in.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _write_frame(payload):
    _proto_out.write(struct.pack("<I", len(payload)) + payload)


def _handshake(doc):
    _write_frame(json.dumps(doc).encode("utf-8"))


try:
    os.environ.setdefault("MLFLOW_IS_IN_SERVING_ENVIRONMENT", "true")
    import pandas as pd
    from mlflow.exceptions import MlflowException
    from mlflow.pyfunc import load_model
    from mlflow.pyfunc import scoring_server as ss
    from mlflow.version import VERSION

    model = load_model(sys.argv[1])
    input_schema = model.metadata.get_input_schema()
    inputs = None
    if input_schema is not None and input_schema.has_input_names():
        inputs = [
            {"name": s.name, "type": str(getattr(s.type, "name", s.type)), "required": bool(s.required)}
            for s in input_schema.inputs
        ]
except Exception as e:  # noqa: BLE001 - reported to the parent as the handshake
    _handshake({"ok": False, "message": f"{type(e).__name__}: {e}"})
    sys.exit(1)

_handshake({"ok": True, "mlflow": VERSION, "pid": os.getpid(), "inputs": inputs})

_ACCEPTS_PARAMS = "params" in __import__("inspect").signature(model.predict).parameters


def _score_one(content_type, body):
    """One request, as MLflow's FastAPI handler answers it."""
    try:
        r = ss.invocations(body, content_type, model, input_schema)
        return r.status, r.mimetype, r.response.encode("utf-8")
    except MlflowException as e:
        return e.get_http_status_code(), "application/json", e.serialize_as_json().encode("utf-8")
    except Exception:  # noqa: BLE001 - FastAPI's answer to an unhandled error
        traceback.print_exc()
        return 500, "text/plain", b"Internal Server Error"


def _as_frame(content_type, body):
    """The request's DataFrame when it is a plain (no params) JSON or CSV DataFrame request; else None."""
    mime, _, rest = content_type.partition(";")
    if rest.strip() not in ("", "charset=utf-8", "charset=UTF-8"):
        return None
    mime = mime.strip()
    try:
        if mime == ss.CONTENT_TYPE_JSON:
            parsed = ss._parse_json_data(body, model.metadata, input_schema)
            if parsed.params or parsed.is_unified_llm_input:
                return None
            data = parsed.data
        elif mime == ss.CONTENT_TYPE_CSV:
            data = ss.parse_csv_input(io.StringIO(body.decode("utf-8")), schema=input_schema)
        else:
            return None
    except Exception:  # noqa: BLE001 - scored alone, which produces MLflow's own error reply
        return None
    return data if isinstance(data, pd.DataFrame) and len(data) > 0 else None


def _plain(content_type, mime):
    """Whether the Content-Type is `mime` with at most a UTF-8 charset (what `invocations` accepts as is)."""
    head, _, rest = content_type.partition(";")
    key, _, value = rest.strip().partition("=")
    return head.strip() == mime and (rest.strip() == "" or (key == "charset" and value.lower() == "utf-8"))


def _joined_json(items):
    """One MLflow JSON document holding the rows of every item, and each item's row count; None when the items
    are not all plain `dataframe_split` (same columns, no index, full rows) or `dataframe_records` (same keys)
    requests whose columns hold the same JSON value types: then pandas infers the same dtypes for the joined
    DataFrame as for each request's own, and the predictions are those of scoring each request alone."""
    orient, columns, types, rows, counts = None, None, None, [], []
    for _, ct, body in items:
        if not _plain(ct, ss.CONTENT_TYPE_JSON):
            return None
        try:
            doc = json.loads(body)
        except Exception:  # noqa: BLE001 - not JSON: MLflow words the error when scored alone
            return None
        if not isinstance(doc, dict) or len(doc) != 1:
            return None  # params, several formats or none: MLflow's own handling per request
        ((key, value),) = doc.items()
        if key == "dataframe_split":
            if not isinstance(value, dict) or value.keys() != {"columns", "data"}:
                return None
            cols, data = value["columns"], value["data"]
            if not isinstance(cols, list) or not isinstance(data, list):
                return None
            if not all(isinstance(r, list) and len(r) == len(cols) for r in data):
                return None
            keys = range(len(cols))
        elif key == "dataframe_records":
            if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
                return None
            cols, data = (list(value[0]) if value else []), value
            if any(list(r) != cols for r in value):
                return None
            keys = cols
        else:
            return None
        if not data:
            return None
        kinds = tuple(frozenset(type(r[k]) for r in data) for k in keys)
        if orient is not None and (key != orient or cols != columns or kinds != types):
            return None
        orient, columns, types = key, cols, kinds
        rows.extend(data)
        counts.append(len(data))
    joined = {"columns": columns, "data": rows} if orient == "dataframe_split" else rows
    return {orient: joined}, counts


def _slice(predictions, start, end):
    if isinstance(predictions, (pd.DataFrame, pd.Series)):
        return predictions.iloc[start:end]
    return predictions[start:end]


def _predict(data):
    return model.predict(data, params=None) if _ACCEPTS_PARAMS else model.predict(data)


def _split_replies(predictions, counts):
    """Per-request `{"predictions": ...}` bodies, as `invocations` writes them, for consecutive row counts."""
    out, start = [], 0
    for count in counts:
        buf = io.StringIO()
        ss.predictions_to_json(_slice(predictions, start, start + count), buf)
        out.append((200, "application/json", buf.getvalue().encode("utf-8")))
        start += count
    return out


def _score_joined(items):
    """The batch scored as one MLflow JSON request (parsed once, one predict); None when it does not apply."""
    joined = _joined_json(items)
    if joined is None:
        return None
    doc, counts = joined
    try:
        parsed = ss._parse_json_data(doc, model.metadata, input_schema)
        data = parsed.data
        if parsed.params or parsed.is_unified_llm_input or not isinstance(data, pd.DataFrame):
            return None
        if len(data) != sum(counts):
            return None
        predictions = _predict(data)
        if len(predictions) != len(data):
            return None
        return _split_replies(predictions, counts)
    except Exception:  # noqa: BLE001 - scored request by request, so each error stays with its request
        return None


def _score_batch(items):
    if len(items) == 1:
        return [_score_one(items[0][1], items[0][2])]
    joined = _score_joined(items)
    if joined is not None:
        return joined
    frames = [_as_frame(ct, body) for _, ct, body in items]
    together = [i for i, f in enumerate(frames) if f is not None]
    out = [None] * len(items)
    # Only frames with the same columns and dtypes: a concatenation of others changes dtypes (int64 + float64
    # gives float64), and with them the predictions of some requests.
    shapes = {(tuple(frames[i].columns), tuple(map(str, frames[i].dtypes))) for i in together}
    if len(together) > 1 and len(shapes) == 1:
        try:
            joined = pd.concat([frames[i] for i in together], ignore_index=True)
            predictions = _predict(joined)
            if len(predictions) == len(joined):
                replies = _split_replies(predictions, [len(frames[i]) for i in together])
                for i, reply in zip(together, replies):
                    out[i] = reply
        except Exception:  # noqa: BLE001 - fall back to one call per request
            out = [None] * len(items)
    return [r if r is not None else _score_one(items[i][1], items[i][2]) for i, r in enumerate(out)]


def _main():
    while True:
        head = _read_exact(4)
        if head is None:
            return
        payload = _read_exact(struct.unpack("<I", head)[0])
        if payload is None:
            return
        (count,) = struct.unpack_from("<I", payload, 0)
        pos = 4
        items = []
        for _ in range(count):
            rid, ct_len = struct.unpack_from("<IH", payload, pos)
            pos += 6
            ct = payload[pos : pos + ct_len].decode("utf-8")
            pos += ct_len
            (body_len,) = struct.unpack_from("<I", payload, pos)
            pos += 4
            items.append((rid, ct, payload[pos : pos + body_len]))
            pos += body_len
        results = _score_batch(items)
        parts = [struct.pack("<I", len(items))]
        for (rid, _, _), (status, mime, body) in zip(items, results):
            m = mime.encode("utf-8")
            parts.append(struct.pack("<IHH", rid, status, len(m)) + m + struct.pack("<I", len(body)) + body)
        _write_frame(b"".join(parts))


_main()
