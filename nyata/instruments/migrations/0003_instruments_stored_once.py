"""Issue 8: an instrument is stored once, as its verbatim file on the Instrument row.

The seven tables that repeated the file for the detail page (and their simple-history tables) are
dropped; every page reads the parsed source instead (nyata/instruments/queries.py). Their rows were
derived from that source, so no data is lost. Children go first so that no foreign key is left
pointing at a dropped table. Going back recreates the tables empty: the previous code would then
show an empty tree until the instruments are loaded into a fresh database.
"""

from django.db import migrations

# Children before parents: historical rows point at their records, minimums at awards and nodes,
# evidence items at nodes, nodes at answer definitions, options at answer definitions.
DROPPED = (
    "HistoricalAwardMinimum",
    "AwardMinimum",
    "HistoricalAward",
    "Award",
    "HistoricalPredicateBand",
    "PredicateBand",
    "HistoricalEvidenceItem",
    "EvidenceItem",
    "HistoricalNode",
    "Node",
    "HistoricalAnswerOption",
    "AnswerOption",
    "HistoricalAnswerDefinition",
    "AnswerDefinition",
)


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0002_node_source"),
    ]

    operations = [migrations.DeleteModel(name=name) for name in DROPPED]
