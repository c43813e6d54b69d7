"""The rules of issue 5 (format versions, table shape and values, text
against tables, across years, dates and signature, section content), in one
list for gklint's builtin plugin."""
from __future__ import annotations


def compliance_rules() -> list:
    from .consistency import CONSISTENCY_RULES
    from .dates import DATE_RULES
    from .extraction import EXTRACTION_RULES
    from .formversion import FormatVersionMismatch
    from .pages import PAGE_RULES
    from .partsums import PART_SUM_RULES
    from .sections import SECTION_RULES
    from .reading import READING_RULES
    from .tables import TABLE_RULES

    from .crossyear import CARRY_OVER

    classes = [*TABLE_RULES, *CONSISTENCY_RULES, *DATE_RULES, *SECTION_RULES, *READING_RULES,
               *EXTRACTION_RULES, *PART_SUM_RULES, *PAGE_RULES]
    return [FormatVersionMismatch(), *(cls() for cls in classes), CARRY_OVER]
