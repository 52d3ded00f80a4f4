#!/usr/bin/env python3
"""Validates instances against a JSON Schema, for the schema test.

usage: validate.py < {"schema": ..., "instances": [...]}

Prints a JSON list with, for each instance, the list of its errors (empty
when it is valid). The validator is Python's `jsonschema`, the reference
implementation of the specification, for the draft the schema names in
`$schema`; the schema itself is checked against its meta-schema first.
"""
import json, sys

import jsonschema


def main():
    job = json.load(sys.stdin)
    schema = job["schema"]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    out = []
    for instance in job["instances"]:
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        out.append([f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
