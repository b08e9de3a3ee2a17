-- Every version of every current program site as received, for the program history (dim_programs).
with programs as (
    select * from raw.programs
),

current_programs as (
    select program_id from raw.programs where _valid_to is null
),

final as (
    select
        p.program_id,
        p._valid_from as version_valid_from,
        p._valid_to as version_valid_to,
        p._valid_to is null as is_current_version,
        p.program_name,
        p.license_number,
        p.program_type as program_type_code,
        p.setting as setting_code,
        p.auspice as auspice_code,
        p.town as town_name,
        p.zip as zip_code,
        p.licensed_capacity,
        p.serves_infant_toddler as is_serving_infant_toddler,
        p.serves_preschool as is_serving_preschool,
        p.serves_school_age as is_serving_school_age,
        p.naeyc_accredited_through as naeyc_accredited_through_date,
        p.opened_on as opened_date,
        p.closed_on as closed_date,
        l.extract_id
    from programs p
    left join meta.load_log l on l.load_id = p._load_id
    join current_programs c using (program_id)
)

select * from final
