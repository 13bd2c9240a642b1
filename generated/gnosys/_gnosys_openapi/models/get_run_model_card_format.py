from enum import StrEnum


class GetRunModelCardFormat(StrEnum):
    HTML = "html"

    def __str__(self) -> str:
        return str(self.value)
