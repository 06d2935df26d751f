"""Every stage module; importing this package registers them all."""

from stages import (  # noqa: F401
    columns,
    extract,
    furniture,
    index_links,
    index_parse,
    index_split,
    pages,
    spacing,
    unicode_fixes,
    unwrap,
)
