from typing import Literal

NpsCategory = Literal["all", "detractors", "passives", "promoters"]

NPS_CATEGORY_VALUES: set[NpsCategory] = {
    "all",
    "detractors",
    "passives",
    "promoters",
}


def check_nps_category(value: str) -> NpsCategory:
    if value in NPS_CATEGORY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NPS_CATEGORY_VALUES!r}")
