# Provisional surface while the subpackages are being built; the final form follows spec agentchat.md §1.1.
import logging

from .version import __version__

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)
