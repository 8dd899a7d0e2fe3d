import multiprocessing
import sys

from sdr_desk.cli import main

if __name__ == "__main__":
    # A bundled app is its own interpreter: a rescoring worker it starts runs this file again,
    # and must become the worker here rather than open another workstation.
    multiprocessing.freeze_support()
    sys.exit(main())
