"""Background work of the reports (django.tasks; the database backend of django_tasks_db, run by
`nyata db_worker`): every LHE of a period as one zip, and the period workbook."""

from django.tasks import task

from nyata.reports import generation


@task()
def make_generated_file(file_id: int) -> str:
    """Returns the file's SHA-256 (the task result shows what was made)."""
    return generation.make(file_id).sha256
