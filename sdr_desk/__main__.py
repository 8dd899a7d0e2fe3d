import sys

from sdr_desk.cli import main

sys.exit(main())
