from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with `import ... from "./x.js"` in our ES modules rewritten to the
    hashed names too, so a module never loads a stale neighbour after a release."""

    support_js_module_import_aggregation = True
