"""`python -m benchmarks`: run the benchmark and write docs/performance.md."""

import sys

from benchmarks.run import main

sys.exit(main())
