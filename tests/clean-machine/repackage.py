"""Writes a copy of a truepipe package that declares another version, for the
update test: the same files, description.xml's version replaced.

    python3 repackage.py IN.oxt OUT.oxt VERSION
"""

import re
import sys
import zipfile

source, target, version = sys.argv[1:4]
with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
    for entry in package.infolist():
        data = package.read(entry.filename)
        if entry.filename == "description.xml":
            data, count = re.subn(rb'<version value="[^"]*"/>', f'<version value="{version}"/>'.encode(), data)
            if count != 1:
                sys.exit(f"{source}: description.xml has no single version element")
        copy.writestr(entry, data)
