# shape: wkgsh:QuantitativeClaim-preferred
# focus: id:claim-wco-members-2026
# path: wkg:preferred
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: 'preferred' written as text
DELETE { GRAPH ?g { id:claim-wco-members-2026 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-members-2026 ?p "yes" } }
WHERE {
  VALUES ?p { wkg:preferred }
  GRAPH ?g { id:claim-wco-members-2026 ?p ?old }
} ;
