-- Award levels of the education file ranked as metrics.md ranks them for the highest award:
-- HS_DIPLOMA = GED < CDA < CERTIFICATE < ASSOCIATE < BACHELOR < MASTER < DOCTORATE.
with award_levels as (
    select *
    from (
        values
            ('HS_DIPLOMA', 'High school diploma', 'HS_DIPLOMA_GED', 1, false),
            ('GED', 'GED', 'HS_DIPLOMA_GED', 1, false),
            ('CDA', 'Child Development Associate (CDA)', 'CDA', 2, false),
            ('CERTIFICATE', 'One-year ECE certificate', 'CERTIFICATE', 3, true),
            ('ASSOCIATE', 'Associate degree', 'ASSOCIATE', 4, true),
            ('BACHELOR', 'Bachelor''s degree', 'BACHELOR', 5, true),
            ('MASTER', 'Master''s degree', 'MASTER', 6, true),
            ('DOCTORATE', 'Doctorate', 'DOCTORATE', 7, true)
    ) as t(award_level_code, award_level_name, highest_award_code, award_rank, is_accreditation_required)
),

final as (
    select * from award_levels
)

select * from final
