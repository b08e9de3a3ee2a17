-- Current non-credit training records, with the surviving accounts of the member and the trainer.
with training as (
    select * from raw.training where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        t.training_record_id,
        t.registry_id,
        p.person_id,
        t.title as training_title,
        t.topic_area as topic_area_code,
        t.hours as training_hours,
        t.completed_on as completed_date,
        t.trainer_registry_id,
        trainer.person_id as trainer_person_id,
        t.reported_on as reported_date
    from training t
    left join people p on p.registry_id = t.registry_id
    left join people trainer on trainer.registry_id = t.trainer_registry_id
)

select * from final
