# Dates stay dd/mm/yyyy in English too (the official documents use them); only numbers differ.
from safemap.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
