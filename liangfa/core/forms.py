"""What every form of ours shares."""


class ChineseLabels:
    """Labels end with the full-width colon (Django's zh-hans catalogue keeps the ASCII one)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
