#!/usr/bin/env python3
"""Writes the record-size memory fixtures of BENCHMARKS.md ("Memory per job") into a directory:
one record just under the default --max-record-size (8 MiB) per file, in four shapes."""
import json, os, sys

out = sys.argv[1] if len(sys.argv) > 1 else "big-records"
os.makedirs(out, exist_ok=True)
target = 8 * 1024 * 1024 - 4096
base = {"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "userName": "u", "arn": "arn:aws:iam::1:user/u",
        "accountId": "1"}, "eventTime": "2024-01-02T03:04:05Z", "eventSource": "iam.amazonaws.com",
        "eventName": "CreateUser", "awsRegion": "us-east-1", "sourceIPAddress": "10.0.0.1", "eventType": "AwsApiCall",
        "eventID": "x", "recipientAccountId": "1", "requestParameters": {"userName": "new"}}
size = len(json.dumps(base, separators=(",", ":")))


def write(name, record, count=1):
    with open(os.path.join(out, name), "w") as f:
        f.write(json.dumps({"Records": [record] * count}, separators=(",", ":")))


quiet = dict(base, eventName="PutUserPolicy")
write("long-string.json", dict(quiet, requestParameters={"policyDocument": "x" * (target - size)}))
write("many-values.json", dict(quiet, requestParameters={"policyDocument": [{"a": 1}] * ((target - size) // 8)}))
write("alert-big-user.json", dict(base, userIdentity=dict(base["userIdentity"], userName="x" * (target - size))))
write("alert-escapes.json", dict(base, requestParameters={"userName": "\u0001" * ((target - size) // 6)}))
write("normal.json", quiet, count=100)
