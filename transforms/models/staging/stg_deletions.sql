-- Records the registry deleted (delta extracts); their raw versions already end on the delta's as-of date.
with deletions as (
    select * from raw.deletions where _valid_to is null
),

final as (
    select
        d.entity as entity_name,
        d.record_id,
        d.deleted_at,
        l.extract_id,
        d._valid_from as extract_as_of_date
    from deletions d
    left join meta.load_log l on l.load_id = d._load_id
)

select * from final
