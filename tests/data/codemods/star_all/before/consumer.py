from main import *  # noqa: F403
from main import _secret, helper
