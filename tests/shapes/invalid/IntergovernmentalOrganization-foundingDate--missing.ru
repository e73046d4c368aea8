# shape: wkgsh:IntergovernmentalOrganization-foundingDate
# focus: id:wco
# path: schema:foundingDate
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: the WCO without a founding date
DELETE { GRAPH ?g { id:wco ?p ?o } }
WHERE {
  VALUES ?p { schema:foundingDate }
  GRAPH ?g { id:wco ?p ?o }
} ;
