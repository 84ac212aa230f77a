"""The Splink model: settings, training by EM, prediction, saving and reuse.

paymaan does not implement Fellegi–Sunter itself: it writes a Splink 5 settings object
whose comparisons understand the record frame, trains it (u by random sampling, m by
expectation maximisation on two blocking rules that each leave the other fields free;
on a uniform sample of records when there are many) and predicts scored pairs. The
trained model is plain JSON (Splink's own format): save it with a run and pass it back
to reuse it without training.

Every comparison uses SQL that DuckDB and Spark both accept (integer arithmetic on day
numbers, equality, Splink's own Jaro–Winkler and array-intersection levels, which
Splink translates per dialect), so ``engine="spark"`` runs the same model.

Example:
    >>> from paymaan.link.model import settings
    >>> settings().link_type
    'link_and_dedupe'
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from paymaan.errors import ConfigError

if TYPE_CHECKING:
    from splink import SettingsCreator
    from splink.internals.database_api import DatabaseAPI

logger = logging.getLogger(__name__)

__all__ = [
    "BLOCKING_KEYS",
    "Engine",
    "ScoredPairs",
    "blocking_rules",
    "make_database_api",
    "model_for_dialect",
    "score_pairs",
    "settings",
    "training_sample",
]

Engine = Literal["duckdb", "spark"]

# Dates of two reports of one event rarely differ by more than this (days).
EVENT_DATE_TOLERANCE_DAYS = 7


# Among true matches, a name (given, surname, father's) or a sex that disagrees entirely
# is rare (data-entry errors, aliases) but not impossible. Splink 5.0's EM can drive the m
# probability of such a level to exactly 0.0 on clean data and then refuses the value,
# so these levels keep a fixed, small m instead of a trained one.
RARE_AMONG_MATCHES = 0.005


def _rare(level: Any) -> Any:
    return level.configure(m_probability=RARE_AMONG_MATCHES, fix_m_probability=True)


def _name_levels(part: str, other: str) -> list[Any]:
    """Levels for one name part (given or surname); *other* is the opposite part."""
    import splink.comparison_level_library as cll

    return [
        cll.NullLevel(f"{part}_skel"),
        cll.ExactMatchLevel(f"{part}_skel", term_frequency_adjustments=True).configure(
            label_for_charts="same skeleton"
        ),
        cll.CustomLevel(
            f"{part}_skel_l = {other}_skel_r OR {other}_skel_l = {part}_skel_r",
            label_for_charts="given name and surname swapped",
        ),
        cll.JaroWinklerLevel(f"{part}_latin", 0.92).configure(
            label_for_charts="romanized Jaro-Winkler >= 0.92"
        ),
        cll.ArrayIntersectLevel(f"{part}_tokens", 1).configure(
            label_for_charts="a token of a compound name in common"
        ),
        cll.JaroWinklerLevel(f"{part}_latin", 0.8).configure(
            label_for_charts="romanized Jaro-Winkler >= 0.8"
        ),
        _rare(cll.ElseLevel()),
    ]


def _event_levels() -> list[Any]:
    """Event type and date interval: overlap honours precision (a month covers its days)."""
    import splink.comparison_level_library as cll

    overlap = "event_start_day_l <= event_end_day_r AND event_start_day_r <= event_end_day_l"
    gap = "greatest(event_start_day_l - event_end_day_r, event_start_day_r - event_end_day_l)"
    same_type = "event_type_l = event_type_r"
    tol = EVENT_DATE_TOLERANCE_DAYS
    return [
        cll.CustomLevel(
            "event_start_day_l IS NULL OR event_start_day_r IS NULL",
            label_for_charts="date missing",
        ).configure(is_null_level=True),
        cll.CustomLevel(f"{same_type} AND {overlap}", "same type, dates overlap"),
        cll.CustomLevel(f"{same_type} AND {gap} <= {tol}", f"same type, within {tol} days"),
        cll.CustomLevel(f"{gap} <= 366", "within a year"),
        cll.ElseLevel(),
    ]


def _place_levels() -> list[Any]:
    import splink.comparison_level_library as cll

    return [
        cll.CustomLevel("province_l IS NULL OR province_r IS NULL", "province missing").configure(
            is_null_level=True
        ),
        cll.CustomLevel("prison_l = prison_r AND city_l = city_r", "same prison"),
        cll.CustomLevel("city_l = city_r", "same city"),
        cll.CustomLevel("province_l = province_r", "same province"),
        cll.ElseLevel(),
    ]


def _birth_levels() -> list[Any]:
    import splink.comparison_level_library as cll

    return [
        cll.NullLevel("birth_year"),
        cll.ExactMatchLevel("birth_year"),
        cll.AbsoluteDifferenceLevel("birth_year", 1),
        cll.AbsoluteDifferenceLevel("birth_year", 3),
        cll.ElseLevel(),
    ]


# Each rule leaves out a field that may be missing or misspelt, so that recall stays
# high: full skeleton; sorted name tokens (swapped or compound names); a name part with
# the father's name or the birth year; a name part with the event's type and date.
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("given_skel", "surname_skel"),
    ("name_key",),
    ("surname_skel", "father_skel"),
    ("given_skel", "father_skel", "province"),
    ("surname_skel", "birth_year"),
    ("given_skel", "birth_year", "province"),
    ("surname_skel", "event_type", "event_start_day"),
    ("given_skel", "event_type", "event_start_day"),
)


def blocking_rules() -> list[Any]:
    """Splink blocking rules for prediction, one per entry of :data:`BLOCKING_KEYS`."""
    from splink import block_on

    return [block_on(*keys) for keys in BLOCKING_KEYS]


def settings(probability_two_random_records_match: float = 1e-4) -> SettingsCreator:
    """The Splink settings of paymaan's linkage model (untrained).

    Args:
        probability_two_random_records_match: the prior; training re-estimates it.

    Returns:
        A ``splink.SettingsCreator`` for ``link_and_dedupe`` across sources.

    Example:
        >>> settings().link_type
        'link_and_dedupe'
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator

    def exact(column: str, name: str, *, rare_else: bool = False) -> Any:
        other = _rare(cll.ElseLevel()) if rare_else else cll.ElseLevel()
        return cl.CustomComparison(
            [cll.NullLevel(column), cll.ExactMatchLevel(column), other],
            output_column_name=name,
        )

    father = cl.CustomComparison(
        [
            cll.NullLevel("father_skel"),
            cll.ExactMatchLevel("father_skel", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("father_latin", 0.9),
            _rare(cll.ElseLevel()),
        ],
        output_column_name="father_name",
    )
    return SettingsCreator(
        link_type="link_and_dedupe",
        unique_id_column_name="unique_id",
        source_dataset_column_name="source_dataset",
        comparisons=[
            cl.CustomComparison(_name_levels("given", "surname"), output_column_name="given_name"),
            cl.CustomComparison(_name_levels("surname", "given"), output_column_name="surname"),
            father,
            exact("sex", "sex", rare_else=True),
            cl.CustomComparison(_birth_levels(), output_column_name="birth_year"),
            cl.CustomComparison(_event_levels(), output_column_name="event"),
            cl.CustomComparison(_place_levels(), output_column_name="place"),
            exact("charge", "charge"),
        ],
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )


def make_database_api(engine: Engine = "duckdb", spark_session: Any = None) -> DatabaseAPI[Any]:
    """The Splink backend for *engine*.

    Args:
        engine: ``duckdb`` (in memory, default) or ``spark`` (needs the ``spark`` extra).
        spark_session: an existing ``pyspark.sql.SparkSession`` for ``spark``; a local
            one (``local[*]``) is started when ``None``.

    Returns:
        A Splink ``DatabaseAPI``.

    Raises:
        ConfigError: unknown engine, or ``spark`` without PySpark installed.
    """
    if engine == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if engine == "spark":
        try:
            from pyspark.sql import SparkSession
            from splink import SparkAPI
            from splink.backends.spark import similarity_jar_location
        except ImportError as error:
            raise ConfigError(
                "--engine spark needs PySpark, which is not installed",
                hint="Install the extra: pip install 'paymaan[spark]' (and a Java 17 runtime).",
            ) from error
        if spark_session is None:
            spark_session = (
                SparkSession.builder.master("local[*]")
                .appName("paymaan-link")
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.ui.enabled", "false")
                # Splink's Jaro-Winkler and other string functions live in this jar
                .config("spark.jars", similarity_jar_location())
                .getOrCreate()
            )
        if spark_session.sparkContext.getCheckpointDir() is None:
            # Splink breaks Spark's lineage by checkpointing; a session without a
            # checkpoint directory gets a temporary one (set yours on a cluster).
            spark_session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="paymaan-spark-"))
        return SparkAPI(spark_session=spark_session)  # type: ignore[no-untyped-call]
    raise ConfigError(f"unknown engine {engine!r}", hint="Use --engine duckdb or --engine spark.")


@dataclass
class ScoredPairs:
    """Scored candidate pairs and the model that scored them.

    Attributes:
        pairs: columns ``record_id_l``, ``record_id_r`` (smaller id left),
            ``match_weight``, ``match_probability``.
        model: the trained Splink model (JSON-serialisable dict).
    """

    pairs: pd.DataFrame
    model: dict[str, Any]


# Training rules, most specific first; the first whose columns are filled is used, so
# that a frame without events (FEBRL) or without fathers' names still trains.
_PRIOR_RULES: tuple[tuple[str, ...], ...] = (
    ("given_skel", "surname_skel", "father_skel", "birth_year"),
    ("given_skel", "surname_skel", "birth_year"),
    ("given_skel", "surname_skel", "event_type", "event_start_day"),
    ("given_skel", "surname_skel"),
)
# EM needs one rule that leaves the names free (to train them) besides the name rule.
_NAME_FREE_RULES: tuple[tuple[str, ...], ...] = (
    ("event_type", "event_start_day", "province"),
    ("birth_year", "province", "sex"),
    ("birth_year", "city"),
    ("birth_year", "province"),
)


def _filled(features: pa.Table, columns: tuple[str, ...], share: float = 0.2) -> bool:
    rows = max(features.num_rows, 1)
    return all(1 - features.column(c).null_count / rows >= share for c in columns)


def _first_filled(features: pa.Table, rules: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    return next((r for r in rules if _filled(features, r)), None)


def training_sample(features: pa.Table, limit: int, seed: int) -> pa.Table:
    """At most *limit* records of *features*, drawn uniformly at random with *seed*.

    Training on a uniform sample of records keeps what EM and the prior estimate: a pair
    survives when both its records do, so matches and non-matches among blocked pairs
    shrink alike and their proportions, and the m and u of every level, stay the same.
    The work does not: EM scores every pair of its blocking rules, and those grow with
    the square of the records (31 million pairs for one rule at a million records, 2.8
    million at 300,000). Prediction still scores every record, with term frequencies
    from the whole table.
    """
    if features.num_rows <= limit:
        return features
    rng = np.random.default_rng(seed)
    keep = np.sort(rng.choice(features.num_rows, size=limit, replace=False))
    return features.take(pa.array(keep))


def _train(
    linker: Any, table: Any, features: pa.Table, seed: int, max_pairs_u: float, records: int
) -> Any:
    """Train *linker* on *features* (the table of *records* records, or a sample of it);
    returns the trained linker (a new one if the prior had to be set)."""
    from splink import Linker, block_on

    prior_rule = _first_filled(features, _PRIOR_RULES) or ("given_skel", "surname_skel")
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*prior_rule)], recall=0.6
    )
    model = linker.misc.save_model_to_json()
    if not model["probability_two_random_records_match"] > 0:
        # no deterministic match at all: fall back to one match per record on average
        model["probability_two_random_records_match"] = 1 / max(records, 2)
        linker = Linker(table, model, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs_u, seed=seed)
    rules: list[tuple[str, ...]] = [("given_skel", "surname_skel")]
    name_free = _first_filled(features, _NAME_FREE_RULES)
    if name_free is not None:
        rules.append(name_free)
    for rule in rules:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), estimate_without_term_frequencies=True
            )
        except ValueError as error:  # Splink 5.0: an m probability underflowed to 0.0
            if "below the minimum allowed" not in str(error):
                raise
            logger.warning("EM on %s stopped (%s); its estimates are not used", rule, error)
    return linker


_PARAMETERS = ("m_probability", "u_probability")


def model_for_dialect(model: dict[str, Any], sql_dialect: str) -> dict[str, Any]:
    """A trained model's parameters on paymaan's settings written for *sql_dialect*.

    A saved Splink model holds SQL of the dialect it was trained on; paymaan rebuilds
    the settings for the engine at hand and copies the trained parameters (the prior and
    each level's m and u) across, so a model trained on DuckDB runs on Spark.

    Raises:
        ConfigError: the model's comparisons are not paymaan's (another version).
    """
    fresh = settings().create_settings_dict(sql_dialect)
    trained = {c.get("output_column_name"): c for c in model.get("comparisons", [])}
    for comparison in fresh["comparisons"]:
        name = comparison["output_column_name"]
        old = trained.get(name)
        if old is None or len(old["comparison_levels"]) != len(comparison["comparison_levels"]):
            raise ConfigError(
                f"the linkage model does not fit this version of paymaan (comparison {name!r})",
                hint="Train a new model: run paymaan link without --model.",
            )
        for level, old_level in zip(
            comparison["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in _PARAMETERS:
                if key in old_level:
                    level[key] = old_level[key]
    fresh["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    return fresh


def _register(db_api: Any, features: pa.Table, name: str = "records") -> Any:
    if type(db_api).__name__ == "SparkAPI":
        # Build the Spark frame from Arrow ourselves: types (nullable integers, lists of
        # strings) survive, where a pandas round trip would turn them into text.
        return db_api.register(db_api.spark.createDataFrame(features), dataset_display_name=name)
    return db_api.register(features, dataset_display_name=name)


def score_pairs(
    features: pd.DataFrame | pa.Table,
    *,
    model: dict[str, Any] | None = None,
    engine: Engine = "duckdb",
    threshold: float = 0.01,
    seed: int = 20250419,
    max_pairs_u: float = 2e6,
    max_train_records: int = 300_000,
    spark_session: Any = None,
) -> ScoredPairs:
    """Train (unless *model* is given) and score the candidate pairs of *features*.

    Args:
        features: the table from :func:`paymaan.link.features.build_features` (or its
            Arrow form, :func:`paymaan.link.features.feature_table`).
        model: a trained model (the dict from a previous run); training is skipped.
        engine: ``duckdb`` or ``spark``.
        threshold: pairs below this match probability are not returned.
        seed: seed of the random sampling for u (logged with the run).
        max_pairs_u: pairs sampled to estimate u.
        max_train_records: with more records than this, the model is trained on a
            uniform sample of this many (:func:`training_sample`); all are scored.
        spark_session: passed to :func:`make_database_api`.

    Returns:
        The scored pairs and the model used.

    Raises:
        ConfigError: an unknown engine or a model that does not fit the features.

    Example:
        >>> scored = score_pairs(build_features(frame))  # doctest: +SKIP
    """
    from splink import Linker

    if isinstance(features, pd.DataFrame):
        features = pa.Table.from_pandas(features, preserve_index=False)
    db_api = make_database_api(engine, spark_session)
    table = _register(db_api, features)
    dialect = db_api.sql_dialect.sql_dialect_str
    spec: Any = settings() if model is None else model_for_dialect(model, dialect)
    try:
        linker = Linker(table, spec, log_level=logging.ERROR)
    except Exception as error:  # Splink raises plain exceptions for invalid settings
        raise ConfigError(f"the linkage model cannot be used: {error}") from error
    if model is None:
        sample = training_sample(features, max_train_records, seed)
        if sample is features:
            linker = _train(linker, table, features, seed, max_pairs_u, features.num_rows)
        else:
            sample_table = _register(db_api, sample, "training_sample")
            trainer = Linker(sample_table, spec, log_level=logging.ERROR)
            trainer = _train(trainer, sample_table, sample, seed, max_pairs_u, features.num_rows)
            linker = Linker(table, trainer.misc.save_model_to_json(), log_level=logging.ERROR)
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    sql = (
        "SELECT unique_id_l, unique_id_r, match_weight, match_probability "
        f"FROM {predictions.physical_name}"
    )
    frame = linker.misc.query_sql(sql, output_type="pandas")  # type: ignore[no-untyped-call]
    frame = _orient(frame)
    return ScoredPairs(pairs=frame, model=linker.misc.save_model_to_json())


def _orient(frame: pd.DataFrame) -> pd.DataFrame:
    """Smaller record id on the left; one row per pair (highest score kept)."""
    a = frame["unique_id_l"].astype("int64")
    b = frame["unique_id_r"].astype("int64")
    out = pd.DataFrame(
        {
            "record_id_l": a.where(a < b, b),
            "record_id_r": b.where(a < b, a),
            "match_weight": frame["match_weight"].astype(float),
            "match_probability": frame["match_probability"].astype(float),
        }
    )
    out = out.sort_values("match_probability", ascending=False, kind="stable")
    out = out.drop_duplicates(["record_id_l", "record_id_r"])
    return out.sort_values(["record_id_l", "record_id_r"]).reset_index(drop=True)
