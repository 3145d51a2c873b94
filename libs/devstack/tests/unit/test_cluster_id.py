"""A cluster id is given to `kafka-storage format` on its command line: one that began
with "-" would be read as an option and the format, the broker's first start, would fail
(one id in 64 did)."""

from liudong_devstack.broker import _cluster_id


def test_no_cluster_id_begins_like_an_option() -> None:
    made = [_cluster_id() for _ in range(2000)]
    assert not [cluster for cluster in made if cluster.startswith("-")]
    assert len(set(made)) == len(made)
