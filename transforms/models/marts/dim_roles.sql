-- Roles of the employment file (registry-export-spec.md 3.6) with display names and groups.
with roles as (
    select *
    from (
        values
            ('TEACHER', 'Teacher', 'Teaching staff', true, 1),
            ('ASSISTANT_TEACHER', 'Assistant teacher', 'Teaching staff', true, 2),
            ('AIDE', 'Aide', 'Teaching staff', true, 3),
            ('SUBSTITUTE', 'Substitute', 'Teaching staff', true, 4),
            ('DIRECTOR', 'Director', 'Administration', false, 5),
            ('ASSISTANT_DIRECTOR', 'Assistant director', 'Administration', false, 6),
            ('EDUCATION_COORDINATOR', 'Education coordinator', 'Administration', false, 7),
            ('FCC_PROVIDER', 'Family child care provider', 'Family child care', true, 8),
            ('FCC_ASSISTANT', 'Family child care assistant', 'Family child care', true, 9),
            ('FAMILY_SERVICES', 'Family services', 'Other staff', false, 10),
            ('OTHER', 'Other', 'Other staff', false, 11)
    ) as t(role_code, role_name, role_group_name, is_teaching_role, display_order)
),

final as (
    select * from roles
)

select * from final
