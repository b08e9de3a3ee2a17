-- Current program sites, renamed per the conventions.
with programs as (
    select * from raw.programs where _valid_to is null
),

final as (
    select
        program_id,
        program_name,
        license_number,
        program_type as program_type_code,
        setting as setting_code,
        auspice as auspice_code,
        town as town_name,
        zip as zip_code,
        licensed_capacity,
        serves_infant_toddler as is_serving_infant_toddler,
        serves_preschool as is_serving_preschool,
        serves_school_age as is_serving_school_age,
        naeyc_accredited_through as naeyc_accredited_through_date,
        opened_on as opened_date,
        closed_on as closed_date,
        updated_at
    from programs
)

select * from final
