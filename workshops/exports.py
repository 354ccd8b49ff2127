"""Attendance sheets of one workshop day, as CSV (Excel-friendly) and XLSX."""

import csv
import io

import openpyxl
from django.utils import timezone

from portal.ground.spreadsheets import safe_cell, safe_row

from .models import Enrollment, EnrollmentStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["Nom", "Parti", "Téléphone", "Code", "Présent", "Arrivé à", "Mode"]


def attendance_rows(*, workshop, day):
    """One row per confirmed participant, in alphabetical order: present that day or not."""
    enrollments = (
        Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)
        .select_related("user", "delegate", "party")
        .prefetch_related("attendances")
    )
    rows = []
    for enrollment in enrollments:  # names and parties are typed by the public: see safe_row()
        attendance = next((a for a in enrollment.attendances.all() if a.day == day), None)
        rows.append(
            safe_row(
                [
                    enrollment.person_name,
                    enrollment.party.acronym if enrollment.party_id else "",
                    enrollment.person_phone if not enrollment.person_phone.startswith("compte-") else "",
                    enrollment.checkin_code,
                    "oui" if attendance else "non",
                    timezone.localtime(attendance.checked_in_at).strftime("%H:%M") if attendance else "",
                    attendance.get_method_display() if attendance else "",
                ]
            )
        )
    return sorted(rows, key=lambda row: row[0].lower())


def attendance_csv(*, workshop, day):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(attendance_rows(workshop=workshop, day=day))
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read the accents right


def attendance_xlsx(*, workshop, day):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = day.strftime("%d-%m-%Y")
    sheet.append([safe_cell(f"{workshop.title} — {day:%d/%m/%Y}")])
    sheet.append(HEADER)
    for row in attendance_rows(workshop=workshop, day=day):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
