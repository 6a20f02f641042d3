"""code_utils helpers called directly: extract_code, infer_lang, content_str, execute_code, check_can_use_docker."""

import os
import tempfile

from autogen import code_utils
from autogen.code_utils import content_str, execute_code, extract_code, infer_lang

texts = [
    "no code at all",
    "```python\nprint(1)\n```",
    "before\n```\nls -la\n```\nafter",
    "```sh\necho a\n```\ntext\n```python\nx = 2\n```",
    "```  python  \nprint('spaces')\n```",
    "```python\n```",
    "inline `code` only",
    "```js\nconsole.log(1)\n```",
    "```python\nprint('unclosed')",
    "```python\r\nprint('crlf')\r\n```",
]
for t in texts:
    print("EXTRACT:", repr(t[:20]), extract_code(t), extract_code(t, detect_single_line_code=True))
print(
    "NO UNKNOWN:",
    extract_code("just text", pattern=code_utils.CODE_BLOCK_PATTERN),
    extract_code("```python\nx\n```", pattern=code_utils.CODE_BLOCK_PATTERN),
)
for code in ("print(1)", "pip install x", "ls -la", "def f():\n  pass", "x = 1", "echo hi", "import os"):
    print("INFER:", repr(code), infer_lang(code))
print(
    "CONTENT_STR:",
    repr(content_str(None)),
    repr(content_str("s")),
    repr(content_str([{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {"url": "u"}}])),
)
try:
    content_str([{"type": "audio"}])
except Exception as exc:
    print("CONTENT_STR ERR:", type(exc).__name__, exc)
with tempfile.TemporaryDirectory() as work:
    print("EXEC:", execute_code("print('direct')", work_dir=work, use_docker=False))
    print("EXEC SH:", execute_code("echo shell", lang="sh", work_dir=work, use_docker=False))
    print("EXEC FAIL:", execute_code("import sys; sys.exit(2)", work_dir=work, use_docker=False))
    print("EXEC FILE:", execute_code(filename="f.py", code="print('file')", work_dir=work, use_docker=False)[0])
    try:
        execute_code(work_dir=work, use_docker=False)
    except Exception as exc:
        print("EXEC NONE:", type(exc).__name__, exc)
    print("EXEC TIMEOUT:", execute_code("import time; time.sleep(5)", timeout=1, work_dir=work, use_docker=False))
    print("FILES:", sorted(os.listdir(work)))
print(
    "CONSTANTS:",
    code_utils.DEFAULT_TIMEOUT,
    code_utils.WORKING_DIR.endswith("extensions"),
    code_utils.UNKNOWN,
    code_utils.CODE_BLOCK_PATTERN,
)
