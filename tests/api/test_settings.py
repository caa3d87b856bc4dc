"""Settings from environment variables, the loopback rule for API keys, and `vnplan serve` refusing bad ones."""
import os
import subprocess
import sys

import pytest

from api.settings import Settings, is_loopback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_defaults_and_environment():
    s = Settings.from_env({})
    assert (s.host, s.port, s.workers, s.api_keys) == ("127.0.0.1", 8000, 2, ())
    assert s.database == "sqlite:///" + os.path.abspath("vnplan-data") + "/vnplan.db"
    assert not s.auth_required and s.problems() == []
    s = Settings.from_env({"VNPLAN_API_KEYS": " a1, b2 ,", "VNPLAN_MAX_FILES": "3", "VNPLAN_DB_URL": "x.db",
                           "VNPLAN_HOST": "0.0.0.0"}, port=9000)
    assert s.api_keys == ("a1", "b2") and s.max_files == 3 and s.database == "x.db" and s.port == 9000
    assert s.auth_required and s.problems() == []
    with pytest.raises(ValueError, match="VNPLAN_MAX_FILES must be a whole number"):
        Settings.from_env({"VNPLAN_MAX_FILES": "ten"})
    assert Settings(max_files=0).problems() == ["max_files must be at least 1"]


@pytest.mark.parametrize("host,loop", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
                                       ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback(host, loop):
    assert is_loopback(host) is loop
    assert Settings(host=host).auth_required is not loop


@pytest.mark.parametrize("env,args,message", [
    ({"VNPLAN_MAX_FILES": "many"}, [], "VNPLAN_MAX_FILES must be a whole number"),
    ({}, ["--db", "mysql://h/db"], "not a database URL"),
    ({}, ["--host", "10.1.2.3"], "needs API keys"),
])
def test_serve_refuses_bad_settings(tmp_path, env, args, message):
    full = {k: v for k, v in os.environ.items() if not k.startswith("VNPLAN_")}
    full.update(env)
    r = subprocess.run([sys.executable, "-m", "extractor.cli", "serve", "--data-dir", str(tmp_path), *args],
                       cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_serve_says_in_one_line_when_it_cannot_start(tmp_path):
    import socket
    env = {k: v for k, v in os.environ.items() if not k.startswith("VNPLAN_")}
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nobody = closed.getsockname()[1]                  # nothing listens there once closed
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for args, message in ((["--port", str(port)], "cannot listen on 127.0.0.1"),
                              (["--db", f"postgresql://nobody@127.0.0.1:{nobody}/x"], "cannot open the database")):
            r = subprocess.run([sys.executable, "-m", "extractor.cli", "serve", "--data-dir", str(tmp_path), *args],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
            assert r.returncode == 1 and message in r.stderr and "Traceback" not in r.stderr, r.stderr
