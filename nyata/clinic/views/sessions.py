"""Clinic sessions: the list (with the units that never came), scheduling, attendance, minutes, materials,
the calendar file and the printable attendance list and minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.clinic import documents
from nyata.clinic.actions.sessions import add_materials, record_attendance, schedule_session, write_minutes
from nyata.clinic.calendar import session_ics
from nyata.clinic.forms import AttendanceForm, MaterialForm, MinutesForm, SessionForm
from nyata.clinic.notices import invitees
from nyata.clinic.queries import sessions as queries
from nyata.clinic.views.access import instansi_for, uploads
from nyata.evaluations.forms.errors import add_errors
from nyata.org import rules
from nyata.org.models import Unit
from nyata.org.rules import require


def _areas(instansi) -> list[tuple[str, str]]:
    return [
        (unit.pengampu_area, f"{unit.pengampu_area} · {unit.display_name}")
        for unit in Unit.objects.filter(instansi=instansi, kind=Unit.Kind.PENGAMPU).order_by("pengampu_area")
    ]


@login_required
def session_list(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    require(request.user, "clinic.visit", instansi_obj)
    now = timezone.now()
    found = queries.sessions_for_user(request.user, instansi_obj)
    oversees = rules.has_perm(request.user, "clinic.oversee", instansi_obj)
    context = {
        "instansi": instansi_obj,
        "upcoming": found.filter(ends_at__gte=now).order_by("starts_at"),
        "past": found.filter(ends_at__lt=now),
        "never_attended": queries.never_attended(instansi_obj, now=now) if oversees else None,
        "can_manage": rules.has_perm(request.user, "clinic.manage_sessions", instansi_obj),
    }
    return render(request, "clinic/sessions.html", context)


@login_required
def schedule(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    require(request.user, "clinic.manage_sessions", instansi_obj)
    status = 200
    if request.method == "POST":
        form = SessionForm(request.POST, instansi=instansi_obj, areas=_areas(instansi_obj))
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = schedule_session(
                    instansi=instansi_obj,
                    topic=data["topic"],
                    description=data["description"],
                    areas=data["areas"],
                    indicators=data["indicators"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data["place"],
                    online_link=data["online_link"],
                    units=list(data["units"]),
                    people=list(data["people"]),
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Session scheduled; the invitations were sent."))
                return redirect("clinic:session", instansi_obj.code, session.pk)
        status = 400
    else:
        form = SessionForm(instansi=instansi_obj, areas=_areas(instansi_obj))
    return render(
        request, "clinic/session_form.html", {"instansi": instansi_obj, "form": form}, status=status
    )


def _not_yet_present(session) -> list:
    present = {row.person_id for row in session.attendance.all()}
    return [person for person in invitees(session) if person.pk not in present]


def _context(request, session, **forms) -> dict:
    records = rules.has_perm(request.user, "clinic.record_attendance", session)
    own = rules.own_unit_ids(request.user) | {
        g.unit_id for g in rules.grants_of(request.user) if g.unit_id is not None
    }
    by_unit = queries.attendance_by_unit(session)
    return {
        "instansi": session.instansi,
        "session": session,
        "units": session.units.order_by("name"),
        "materials": session.materials.all(),
        "can_record": records,
        "has_begun": session.starts_at <= timezone.now(),
        # Who came from other units is the Inspektorat's; a unit sees its own line.
        "attendance": by_unit if records else [entry for entry in by_unit if entry.unit.pk in own],
        "attendance_form": forms.get("attendance_form") or AttendanceForm(invitees=_not_yet_present(session)),
        "minutes_form": forms.get("minutes_form") or MinutesForm(initial={"minutes": session.minutes}),
        "material_form": forms.get("material_form") or MaterialForm(),
    }


@login_required
def session(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    found = queries.get_session_for_user(request.user, instansi_for(request, instansi), pk)
    return render(request, "clinic/session.html", _context(request, found))


@login_required
@require_POST
def attendance(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    found = queries.get_session_for_user(request.user, instansi_for(request, instansi), pk)
    require(request.user, "clinic.record_attendance", found)
    form = AttendanceForm(request.POST, invitees=invitees(found))
    if form.is_valid():
        try:
            recorded = record_attendance(
                session=found, people=list(form.cleaned_data["people"]), by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded: %(count)s present.") % {"count": len(recorded)})
            return redirect("clinic:session", instansi, found.pk)
    return render(request, "clinic/session.html", _context(request, found, attendance_form=form), status=400)


@login_required
@require_POST
def minutes(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    found = queries.get_session_for_user(request.user, instansi_for(request, instansi), pk)
    require(request.user, "clinic.record_attendance", found)
    form = MinutesForm(request.POST)
    if form.is_valid():
        write_minutes(session=found, minutes=form.cleaned_data["minutes"], by=request.user)
        messages.success(request, _("Minutes saved."))
        return redirect("clinic:session", instansi, found.pk)
    return render(request, "clinic/session.html", _context(request, found, minutes_form=form), status=400)


@login_required
@require_POST
def materials(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    found = queries.get_session_for_user(request.user, instansi_for(request, instansi), pk)
    require(request.user, "clinic.record_attendance", found)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_materials(session=found, uploads=uploads(request), by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Materials attached."))
            return redirect("clinic:session", instansi, found.pk)
    return render(request, "clinic/session.html", _context(request, found, material_form=form), status=400)


@login_required
def material(request: HttpRequest, instansi: str, pk: int, material: int) -> FileResponse:
    found = queries.get_session_for_user(request.user, instansi_for(request, instansi), pk)
    stored = queries.material_of(found, material)
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.name, content_type=stored.content_type
    )


@login_required
def calendar_file(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    found = queries.get_session_for_user(request.user, instansi_for(request, instansi), pk)
    response = HttpResponse(
        session_ics(found, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="klinik-{found.pk}.ics"'
    return response


@login_required
def attendance_pdf(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    found = queries.get_session_for_user(request.user, instansi_for(request, instansi), pk)
    require(request.user, "clinic.record_attendance", found)
    context = {
        "session": found,
        "attendance": queries.attendance_by_unit(found),
        "rows": queries.attendance_of(found),
        "printed_at": timezone.now(),
    }
    response = HttpResponse(documents.pdf("clinic/pdf/session.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="daftar-hadir-notulen-klinik-{found.pk}.pdf"'
    return response
