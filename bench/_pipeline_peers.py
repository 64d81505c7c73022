"""The pipeline benchmark's peers: the same weekly transform as an analyst would write it.

Each takes the events CSV and the participation list, builds the week the SDK
builds, and writes a records file and an aggregates file:

- keep events whose Europe/London date is in the week, of practices on the list;
- record ID: HMAC-SHA256 of `ACME-OC|oc_record|<event_id>` under the bench key,
  first 32 hex characters (none of the three has an HMAC kernel, so each runs it
  per row in Python, as its users do: `apply`, `map_elements`, a Python UDF);
- the record's columns: practice, UTC time, request type (the practice's coding,
  else the category's), category, requester role (blank: patient), attachments;
- aggregates per practice, London date and request type: submissions and those
  outside core hours (08:00 to 18:30 Monday to Friday; no bank holiday that week).

No type checks, no identifier scan, no national rules: the SDK does all three.
Each returns counts and the record IDs for the order-free checksum (outside the
timing), and what it wrote. `floor` is the floor of any such job: read the CSV
and write the used columns back, no logic (pyarrow).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import _events

SUPPLIER = "ACME-OC"
KEY = hashlib.sha256(b"gponline bench").digest()  # fixed: every task gives the same IDs
PREFIX = f"{SUPPLIER}|oc_record|"
USED = (
    "event_id",
    "practice_code",
    "submitted_at",
    "category",
    "requester_role",
    "attachment_count",
    "coded_request_type",
)
CATEGORY_TYPES = {
    "seek_health_advice": "clinical",
    "describe_symptoms": "clinical",
    "clinical_request": "clinical",
    "administrative_request": "administrative",
    "ask_question": "other",
    "follow_up": "other",
}


def pseudonym(event_id: str) -> str:
    """The SDK's record ID for a tool reference, the plain way."""
    return hmac.new(KEY, (PREFIX + event_id).encode(), hashlib.sha256).hexdigest()[:32]


def _week() -> tuple[dt.date, dt.date]:
    start = _events.WEEK_START.date()
    return start, start + dt.timedelta(days=6)


def _header(data_type: str) -> str:
    start, end = _week()
    return json.dumps(
        {
            "supplier_id": SUPPLIER,
            "data_type": data_type,
            "period": {"start": str(start), "end": str(end)},
            "generated_at": "2026-11-23T06:00:00Z",
            "schema_version": "1.0",
        }
    )


def _ndjson_ids(path: Path) -> Any:
    import orjson

    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield orjson.loads(line)["record_id"]


def pandas_task(events: Path, participation: Path, out: Path) -> dict[str, Any]:
    """The week with pandas: read_csv, masks, `apply` for the HMAC, groupby, to_json."""
    import pandas as pd

    start, end = (pd.Timestamp(d) for d in _week())
    df = pd.read_csv(events, dtype=str, keep_default_na=False, usecols=list(USED))
    submitted = pd.to_datetime(df["submitted_at"], utc=True, format="ISO8601")
    local = submitted.dt.tz_convert("Europe/London")
    day = local.dt.tz_localize(None).dt.normalize()
    in_week = (day >= start) & (day <= end)
    listed = set(pd.read_csv(participation, dtype=str, keep_default_na=False)["practice_code"])
    keep = in_week & df["practice_code"].isin(listed)
    df, submitted, local, day = df[keep], submitted[keep], local[keep], day[keep]
    request_type = df["coded_request_type"].where(
        df["coded_request_type"] != "", df["category"].map(CATEGORY_TYPES)
    )
    records = pd.DataFrame(
        {
            "record_id": df["event_id"].apply(pseudonym),
            "practice_code": df["practice_code"],
            "submitted_at": submitted.dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "request_type": request_type,
            "category": df["category"],
            "requester_role": df["requester_role"].replace("", "patient"),
            "has_attachments": df["attachment_count"].replace("", "0").astype(int) > 0,
        }
    )
    minute = local.dt.hour * 60 + local.dt.minute
    in_core = (local.dt.day_of_week < 5) & (minute >= 480) & (minute < 1110)
    grouped = (
        pd.DataFrame(
            {
                "practice_code": records["practice_code"],
                "date": day.dt.strftime("%Y-%m-%d"),
                "request_type": request_type,
                "out": ~in_core,
            }
        )
        .groupby(["practice_code", "date", "request_type"], sort=True)
        .agg(submissions=("out", "size"), submissions_out_of_core_hours=("out", "sum"))
        .reset_index()
    )
    for name, frame, data_type in (
        ("records.json", records, "oc_record"),
        ("aggregates.json", grouped, "oc_aggregate"),
    ):
        with (out / name).open("w", encoding="utf-8") as fh:
            fh.write('{"header":' + _header(data_type) + ',\n"records":')
            fh.write(frame.to_json(orient="records"))
            fh.write("}\n")
    return {
        "records": len(records),
        "aggregate_rows": len(grouped),
        "outside_period": int((~in_week).sum()),
        "excluded": int((in_week & ~keep).sum()),
        "_ids": records["record_id"],
    }


def polars_task(events: Path, participation: Path, out: Path) -> dict[str, Any]:
    """The week with polars: a lazy query, `map_elements` for the HMAC, group_by, NDJSON."""
    import polars as pl

    start, end = _week()
    listed = pl.read_csv(participation, infer_schema_length=0).select("practice_code")
    typed = (
        pl.scan_csv(events, infer_schema_length=0)
        .select(USED)
        .with_columns(
            submitted=pl.col("submitted_at").str.to_datetime(time_zone="UTC", time_unit="ms")
        )
        .with_columns(local=pl.col("submitted").dt.convert_time_zone("Europe/London"))
        .with_columns(day=pl.col("local").dt.date())
        .with_columns(in_week=pl.col("day").is_between(start, end))
    )
    counts = typed.select(
        outside=(~pl.col("in_week")).sum(),
        excluded=(
            pl.col("in_week") & ~pl.col("practice_code").is_in(listed["practice_code"].to_list())
        ).sum(),
    )
    kept = (
        typed.filter(pl.col("in_week"))
        .join(listed.lazy(), on="practice_code", how="semi")
        .with_columns(
            request_type=pl.when(pl.col("coded_request_type") != "")
            .then(pl.col("coded_request_type"))
            .otherwise(pl.col("category").replace_strict(CATEGORY_TYPES)),
            minute=pl.col("local").dt.hour().cast(pl.Int32) * 60 + pl.col("local").dt.minute(),
        )
        .with_columns(
            out=~(
                (pl.col("local").dt.weekday() <= 5)
                & (pl.col("minute") >= 480)
                & (pl.col("minute") < 1110)
            )
        )
    )
    records = kept.select(
        record_id=pl.col("event_id").map_elements(pseudonym, return_dtype=pl.String),
        practice_code="practice_code",
        submitted_at=pl.col("submitted").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        request_type="request_type",
        category="category",
        requester_role=pl.when(pl.col("requester_role") == "")
        .then(pl.lit("patient"))
        .otherwise(pl.col("requester_role")),
        has_attachments=pl.col("attachment_count").replace("", "0").cast(pl.Int64) > 0,
    )
    aggregates = (
        kept.group_by("practice_code", "day", "request_type")
        .agg(submissions=pl.len(), submissions_out_of_core_hours=pl.col("out").sum())
        .sort("practice_code", "day", "request_type")
    )
    records_df, aggregates_df, counts_df = pl.collect_all([records, aggregates, counts])
    records_df.write_ndjson(out / "records.ndjson")
    aggregates_df.write_ndjson(out / "aggregates.ndjson")
    return {
        "records": records_df.height,
        "aggregate_rows": aggregates_df.height,
        "outside_period": int(counts_df["outside"][0]),
        "excluded": int(counts_df["excluded"][0]),
        "_ids": records_df["record_id"],
    }


def duckdb_task(events: Path, participation: Path, out: Path) -> dict[str, Any]:
    """The week in DuckDB SQL, a Python UDF for the HMAC, COPY to NDJSON."""
    import duckdb

    start, end = _week()
    con = duckdb.connect()
    con.create_function("pseudonym", pseudonym, ["VARCHAR"], "VARCHAR", side_effects=False)
    con.execute(
        f"""
        CREATE TEMP TABLE typed AS
        SELECT {", ".join(USED)}, (submitted_at::TIMESTAMPTZ AT TIME ZONE 'Europe/London') AS local,
               (submitted_at::TIMESTAMPTZ AT TIME ZONE 'Europe/London')::DATE AS day
        FROM read_csv('{events}', all_varchar = true, header = true);
        CREATE TEMP TABLE listed AS
        SELECT practice_code FROM read_csv('{participation}', all_varchar = true);
        CREATE TEMP TABLE kept AS
        SELECT t.*,
               coalesce(nullif(coded_request_type, ''), CASE category
                 WHEN 'administrative_request' THEN 'administrative'
                 WHEN 'ask_question' THEN 'other' WHEN 'follow_up' THEN 'other'
                 ELSE 'clinical' END) AS request_type,
               NOT (isodow(local) <= 5 AND hour(local) * 60 + minute(local) BETWEEN 480 AND 1109)
                 AS out
        FROM typed t SEMI JOIN listed USING (practice_code)
        WHERE day BETWEEN DATE '{start}' AND DATE '{end}';
        """
    )
    con.execute(
        f"""
        COPY (SELECT pseudonym(event_id) AS record_id, practice_code,
                     strftime(submitted_at::TIMESTAMPTZ AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')
                       AS submitted_at,
                     request_type, category, coalesce(nullif(requester_role, ''), 'patient')
                       AS requester_role,
                     coalesce(nullif(attachment_count, ''), '0')::INTEGER > 0 AS has_attachments
              FROM kept) TO '{out / "records.ndjson"}' (FORMAT json);
        COPY (SELECT practice_code, day AS date, request_type, count(*) AS submissions,
                     count(*) FILTER (WHERE out) AS submissions_out_of_core_hours
              FROM kept GROUP BY ALL ORDER BY ALL) TO '{out / "aggregates.ndjson"}' (FORMAT json);
        """
    )
    outside, excluded = con.execute(
        """SELECT count(*) FILTER (WHERE day NOT BETWEEN ? AND ?),
                  count(*) FILTER (WHERE day BETWEEN ? AND ?
                                   AND practice_code NOT IN (SELECT practice_code FROM listed))
           FROM typed""",
        [start, end, start, end],
    ).fetchone()
    records = con.execute(f"SELECT count(*) FROM '{out / 'records.ndjson'}'").fetchone()[0]
    aggregates = con.execute(f"SELECT count(*) FROM '{out / 'aggregates.ndjson'}'").fetchone()[0]
    con.close()
    return {
        "records": records,
        "aggregate_rows": aggregates,
        "outside_period": outside,
        "excluded": excluded,
        "_ids": _ndjson_ids(out / "records.ndjson"),
    }


def floor_task(events: Path, participation: Path, out: Path) -> dict[str, Any]:
    """Read the CSV and write the used columns back (pyarrow, streaming): no logic at all."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    del participation
    reader = pa_csv.open_csv(
        events,
        read_options=pa_csv.ReadOptions(block_size=4 << 20, use_threads=False),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            include_columns=list(USED), column_types=dict.fromkeys(USED, pa.string())
        ),
    )
    rows = 0
    with pa_csv.CSVWriter(out / "floor.csv", reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return {"records": rows, "aggregate_rows": 0, "outside_period": 0, "excluded": 0}
