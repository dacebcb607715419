import sys

from docextract.cli import main

sys.exit(main())
