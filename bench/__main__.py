"""`make bench`: every benchmark, each in its own process (they use different settings)."""
import subprocess
import sys

failed = 0
for module in ("bench.sweep", "bench.dashboard"):
    print(f"== {module}", flush=True)
    failed |= subprocess.run([sys.executable, "-m", module]).returncode != 0
sys.exit(1 if failed else 0)
