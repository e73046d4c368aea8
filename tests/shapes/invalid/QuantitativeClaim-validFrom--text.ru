# shape: wkgsh:QuantitativeClaim-validFrom
# focus: id:claim-wco-members-2024-02-02
# path: wkg:validFrom
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: the day a figure holds from written as text
DELETE { GRAPH ?g { id:claim-wco-members-2024-02-02 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-members-2024-02-02 ?p "2 February 2024" } }
WHERE {
  VALUES ?p { wkg:validFrom schema:validFrom }
  GRAPH ?g { id:claim-wco-members-2024-02-02 ?p ?old }
} ;
