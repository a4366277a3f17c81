"""Saves a pyfunc model that misbehaves on demand, for the worker pool tests: `save_flaky_model.py <folder>`.

Input columns `mode` and `x`; the prediction is 2 * x. mode 1: the process exits once (when the file named by
FLAKY_MARKER does not exist yet: it creates it first); mode 2: the process exits every time; mode 3: sleeps x
seconds before answering.
"""
import sys

import mlflow.pyfunc


class Flaky(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        import os
        import time

        modes = set(model_input["mode"].tolist())
        marker = os.environ.get("FLAKY_MARKER", "")
        if 1 in modes and not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(3)
        if 2 in modes:
            os._exit(3)
        if 3 in modes:
            time.sleep(float(model_input["x"].max()))
        return (model_input["x"] * 2).tolist()


mlflow.pyfunc.save_model(sys.argv[1], python_model=Flaky(), pip_requirements=[])
