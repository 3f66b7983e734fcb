"""Reads the facts of one Transformation run from Kafka with the Python package generated from
proto/ (gen/python, `ameide-contracts`) and checks what a consumer in any language relies on:

- every record decodes as its topic's message, and its CloudEvents headers agree with the envelope
  (ce_id = meta.message_id, ce_type = the fact's variant, ce_dataschema = the value's message);
- the run's process facts are ordered by (run_epoch, seq), dense from 1, with deterministic message
  ids and exactly one terminal fact, RunCompleted;
- every piece of work the run requested has exactly one terminal work fact, and each record's key
  is "<tenant_id>/<aggregate id>".

    python check_facts.py --brokers 127.0.0.1:19092 --run <process_instance_id> --work <id>...

Prints one JSON line with what it read; exits 1 naming each violation.
"""

import argparse
import json
import sys
import time

from kafka import KafkaConsumer, TopicPartition

from ameide_core_proto.process.transformation.v1 import process_transformation_facts_pb2 as process_facts
from ameide_core_proto.transformation.work.v1 import transformation_work_facts_pb2 as work_facts

PROCESS_TOPIC = "transformation.process.facts.v1"
WORK_TOPIC = "transformation.work.domain.facts.v1"
TERMINAL_RUN = {"run_completed", "run_failed", "run_cancelled"}
TERMINAL_WORK = {"work_completed", "work_failed", "work_canceled"}


def read_topic(brokers, topic, timeout_s):
    """Every record of a topic, from the beginning to the end offsets seen at the start."""
    consumer = KafkaConsumer(bootstrap_servers=brokers, enable_auto_commit=False, group_id=None)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        if not partitions:
            raise SystemExit(f"topic {topic} has no partitions (is the platform up?)")
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        records = []
        deadline = time.monotonic() + timeout_s
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise SystemExit(f"could not read {topic} to its end in {timeout_s} s")
            for batch in consumer.poll(timeout_ms=1000).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()


def headers_of(record):
    return {name: value.decode("utf-8") for name, value in (record.headers or [])}


def check_record(record, message, violations):
    """The CloudEvents headers agree with the envelope and the variant."""
    headers = headers_of(record)
    variant = message.WhichOneof("fact")
    expected_type = getattr(message, variant).DESCRIPTOR.full_name if variant else message.DESCRIPTOR.full_name
    where = f"{record.topic}/{record.partition}@{record.offset}"
    checks = {
        "ce_specversion": "1.0",
        "ce_id": message.meta.message_id,
        "ce_type": expected_type,
        "ce_dataschema": "urn:ameide:proto:" + message.DESCRIPTOR.full_name,
        "ce_tenantid": message.meta.scope.tenant_id,
        "content-type": "application/x-protobuf",
    }
    for name, want in checks.items():
        if headers.get(name) != want:
            violations.append(f"{where}: header {name} is {headers.get(name)!r}, expected {want!r}")
    key = record.key.decode("utf-8") if record.key else ""
    if key.split("/", 1)[0] != message.meta.scope.tenant_id:
        violations.append(f"{where}: key {key!r} does not start with the tenant {message.meta.scope.tenant_id!r}")
    return variant


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brokers", default="127.0.0.1:19092")
    parser.add_argument("--run", required=True, help="the run's process_instance_id")
    parser.add_argument("--work", nargs="*", default=[], help="work_request_ids the run requested")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    violations = []

    run_facts = []
    for record in read_topic(args.brokers, PROCESS_TOPIC, args.timeout):
        fact = process_facts.TransformationProcessFact()
        fact.ParseFromString(record.value)
        if fact.process.process_instance_id != args.run:
            continue
        variant = check_record(record, fact, violations)
        if record.key.decode("utf-8") != f"{fact.meta.scope.tenant_id}/{args.run}":
            violations.append(f"process fact {fact.meta.message_id}: key {record.key!r} is not <tenant>/<run>")
        run_facts.append((fact.process.run_epoch, fact.process.seq, fact.meta.message_id, variant))

    # At-least-once: a fact may be re-delivered; consumers dedupe by message_id.
    unique = sorted({(e, s, m, v) for e, s, m, v in run_facts})
    seqs = [s for _, s, _, _ in unique]
    if seqs != list(range(1, len(seqs) + 1)):
        violations.append(f"process facts' seq is not dense from 1: {seqs}")
    for epoch, seq, message_id, _ in unique:
        if message_id != f"{args.run}/{epoch}/{seq}":
            violations.append(f"process fact {message_id}: message_id is not <run>/<run_epoch>/<seq>")
    variants = [v for _, _, _, v in unique]
    terminal = [v for v in variants if v in TERMINAL_RUN]
    if terminal != ["run_completed"]:
        violations.append(f"expected exactly one terminal fact, run_completed; got {terminal}")
    if variants[:1] != ["run_started"]:
        violations.append(f"the first fact is {variants[:1]}, expected run_started")

    work_terminal = {w: set() for w in args.work}
    work_count = 0
    for record in read_topic(args.brokers, WORK_TOPIC, args.timeout):
        fact = work_facts.TransformationWorkDomainFact()
        fact.ParseFromString(record.value)
        if fact.aggregate.id not in work_terminal:
            continue
        work_count += 1
        variant = check_record(record, fact, violations)
        if record.key.decode("utf-8") != f"{fact.meta.scope.tenant_id}/{fact.aggregate.id}":
            violations.append(f"work fact {fact.meta.message_id}: key {record.key!r} is not <tenant>/<work_request_id>")
        if variant in TERMINAL_WORK:
            work_terminal[fact.aggregate.id].add(fact.meta.message_id)
    for work_id, ends in work_terminal.items():
        if len(ends) != 1:
            violations.append(f"work {work_id}: {len(ends)} distinct terminal facts, expected 1")

    print(json.dumps({"run": args.run, "process_facts": variants, "work_facts": work_count, "work_requests": len(args.work)}))
    for violation in violations:
        print("violation:", violation, file=sys.stderr)
    sys.exit(1 if violations else 0)


if __name__ == "__main__":
    main()
