# shape: wkgsh:IntergovernmentalOrganization-sameAs
# focus: id:wco
# path: owl:sameAs
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: the WCO without its Wikidata link
DELETE { GRAPH ?g { id:wco ?p ?o } }
WHERE {
  VALUES ?p { owl:sameAs }
  GRAPH ?g { id:wco ?p ?o }
} ;
