"""A Python producer/consumer using Confluent's own client and Avro serde, to prove docsort's records are
ordinary Confluent-framed Avro that any language can read and write.

    produce --topic T --value-json '{...}'                       # schema comes from the subject T-value
    consume --topic T --count N --group G --timeout 60           # prints one JSON line per record
"""
import argparse
import datetime
import faulthandler
import json
import sys
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


def to_json(value):
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot serialise {type(value)}")


def produce(args, registry):
    subject = f"{args.topic}-value"
    schema = registry.get_latest_version(subject).schema
    # Not auto-registering: the schema must already be registered by `docsort topics apply`.
    serializer = AvroSerializer(registry, schema.schema_str, conf={"auto.register.schemas": False})
    value = json.loads(args.value_json)
    producer = Producer({"bootstrap.servers": args.brokers, "enable.idempotence": True, "acks": "all"})
    producer.produce(
        args.topic,
        key=value["documentId"].encode(),
        value=serializer(value, SerializationContext(args.topic, MessageField.VALUE)),
    )
    if producer.flush(30) != 0:
        sys.exit("record not delivered within 30 s")


def consume(args, registry):
    deserializer = AvroDeserializer(registry)
    consumer = Consumer(
        {
            "bootstrap.servers": args.brokers,
            "group.id": args.group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    # Read the partitions directly: no group join to wait for, nothing to leave on close.
    partitions = consumer.list_topics(args.topic, timeout=30).topics[args.topic].partitions
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in partitions])
    received = 0
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=args.timeout)
    while received < args.count and datetime.datetime.now() < deadline:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            sys.exit(str(message.error()))
        value = deserializer(message.value(), SerializationContext(args.topic, MessageField.VALUE))
        print(json.dumps(value, default=to_json), flush=True)
        received += 1
    consumer.close()
    if received < args.count:
        sys.exit(f"received {received} of {args.count} records")


def main():
    # If anything hangs, say where before the caller's timeout kills the process.
    faulthandler.dump_traceback_later(75, exit=True)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["produce", "consume"])
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--value-json")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--group", default="docsort-python-interop")
    parser.add_argument("--timeout", type=int, default=45)
    args = parser.parse_args()
    registry = SchemaRegistryClient({"url": args.registry, "timeout": 15})
    {"produce": produce, "consume": consume}[args.command](args, registry)


if __name__ == "__main__":
    main()
