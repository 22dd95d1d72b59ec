"""How the dashboard groups a scope's facilities: by the unit one level below the officer's."""


def group_depth(user) -> int:
    """The depth of the units a dashboard groups by: one level below the officer's unit."""
    if user.unit_id and not user.is_national:
        return user.unit.depth + 1
    return 1  # provinces


def unit_prefix(path: str, depth: int) -> str:
    """The path of the ancestor at ``depth`` (the unit a facility's row is counted under); a
    facility of the officer's own unit counts under that unit."""
    parts = path.strip("/").split("/")
    return "/" + "/".join(parts[: depth + 1]) + "/"
