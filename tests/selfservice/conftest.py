from tests.rights.conftest import filed, shop, shop_policy

__all__ = ["filed", "shop", "shop_policy"]
