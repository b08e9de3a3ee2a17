-- Current credit-bearing courses, with the surviving account of the member.
with coursework as (
    select * from raw.coursework where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        c.course_record_id,
        c.registry_id,
        p.person_id,
        c.institution as institution_name,
        c.course_code,
        c.course_title,
        c.credits,
        c.credit_area as credit_area_code,
        c.completed_on as completed_date,
        c.grade as grade_code,
        c.reported_on as reported_date
    from coursework c
    left join people p on p.registry_id = c.registry_id
)

select * from final
