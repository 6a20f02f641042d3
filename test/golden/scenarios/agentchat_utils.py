"""autogen.agentchat.utils helpers: parse_tags_from_content, consolidate_chat_info, gather_usage_summary shapes."""

from autogen.agentchat import utils

for content in [
    "no tags",
    "see <img http://x/a.png> here",
    "<img a.png><img b.jpg>",
    "<audio src=x.mp3 loop>",
    '<img "quoted path.png">',
    "<img   spaced.png   >",
    [{"type": "text", "text": "<img in_list.png>"}],
]:
    print("ALL:", repr(content)[:40], utils.parse_tags_from_content("img", content))
print("OTHER TAG:", utils.parse_tags_from_content("audio", "<audio file=x.mp3 volume=3>"))
print("ATTRS:", utils.parse_tags_from_content("img", "<img src=a.png width=10>"))
for info in ({"summary_method": "last_msg"}, [{"summary_method": None}], {"summary_method": "bogus"}):
    try:
        utils.consolidate_chat_info(info)
        print("CONSOLIDATE OK:", info)
    except Exception as exc:
        print("CONSOLIDATE ERR:", type(exc).__name__, exc)
print("GATHER NONE:", utils.gather_usage_summary([]))
