# shape: wkgsh:QuantitativeClaim-validFrom
# focus: id:claim-wco-members-2024-02-02
# path: wkg:validFrom
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a figure said to hold from two days
INSERT DATA { GRAPH graph:palau-accession {
  id:claim-wco-members-2024-02-02 wkg:validFrom "2024-02-03"^^xsd:date ;
    schema:validFrom "2024-02-03"^^xsd:date .
} } ;
