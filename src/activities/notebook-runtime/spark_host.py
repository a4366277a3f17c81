"""Millrace's shared Spark driver: one local SparkSession that the notebooks of a run attach to.

Started by spark-hosts.ts with the session settings as one JSON line on stdin. When the session is up it writes
`{"port", "secret"}` of its py4j gateway as one JSON line on fd 3 (never on stdout, which goes to a log), then
holds the session until stdin closes (the run ended, or the runner died), stops Spark and exits.
"""

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import millrace_spark  # noqa: E402 - beside this file

OUT_FD = 3


def main():
    os.set_inheritable(OUT_FD, False)
    out = os.fdopen(OUT_FD, "w", encoding="utf-8")
    conf = json.loads(sys.stdin.readline())
    session = millrace_spark.build_session(conf, conf.get("appName", "millrace"))
    params = session.sparkContext._gateway.java_parameters
    out.write(json.dumps({"port": params.port, "secret": params.auth_token}) + "\n")
    out.flush()
    # Hold the session until the runner closes stdin.
    while sys.stdin.read(65536):
        pass
    session.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
