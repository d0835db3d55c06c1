"""``python -m generator.masters [OUT.pptx] [--theme THEME.yaml]``: rebuild the default master."""

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
