# shape: wkgsh:Partnership-primaryContact
# focus: id:partnership-big-wco
# path: wkg:primaryContact
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a partnership without its primary contact
DELETE { GRAPH ?g { id:partnership-big-wco ?p ?o } }
WHERE {
  VALUES ?p { wkg:primaryContact dcat:contactPoint }
  GRAPH ?g { id:partnership-big-wco ?p ?o }
} ;
