"""Stand-in put first on the Ray test nodes' PYTHONPATH: makes `import rfc3987_syntax` fail at once.

jsonschema imports that optional package (an IRI format checker) when it is installed, and building its grammar
costs seconds of CPU in every Ray process (each imports jsonschema); on a loaded machine that delays the node's
agents past the raylet's fixed start-up wait. jsonschema treats the ImportError as "checker not available".
"""

raise ImportError("rfc3987_syntax is kept out of the Ray test cluster's processes (see this file's docstring)")
