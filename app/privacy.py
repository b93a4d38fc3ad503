"""Files readable only by their owner: defined in db.privacy (the database layer creates such
files too), re-exported here for the layers above."""

from __future__ import annotations

from db.privacy import FILE_MODE, FOLDER_MODE, POSIX, create_file, make_folder, protect, protect_tree, restrict_umask

__all__ = ["FILE_MODE", "FOLDER_MODE", "POSIX", "create_file", "make_folder", "protect", "protect_tree",
           "restrict_umask"]
